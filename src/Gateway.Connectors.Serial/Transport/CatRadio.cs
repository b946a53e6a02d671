using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Protocol;

namespace Gateway.Connectors.Serial.Transport;

/// <summary>
/// PTT and squelch through a CAT command set on the serial port (the session between the pure protocol readers and the
/// port). Squelch is polled: a status query goes out at most every <see cref="QueryInterval"/> and only when the previous
/// one was answered or timed out, so a slow 9600-baud radio is never flooded. An unkey is confirmed by reading the TX
/// state back, re-sending the unkey when the radio still reports transmit.
/// </summary>
public abstract class CatRadio : IPttLine, ISquelchDetector
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMilliseconds(300);
    private readonly object _sync = new();
    private readonly CatByteBuffer _buffer = new();
    private readonly ISerialPort _port;
    private readonly TimeProvider _time;
    private long _lastQuery;
    private bool _queryOutstanding;
    private volatile bool _squelchOpen;
    private TaskCompletionSource<bool>? _txStateWaiter;

    protected CatRadio(ISerialPort port, TimeProvider time, TimeSpan queryInterval)
    {
        _port = port;
        _time = time;
        QueryInterval = queryInterval;
        _lastQuery = time.GetTimestamp() - (long)(time.TimestampFrequency * 10);
    }

    public abstract string Method { get; }

    public TimeSpan QueryInterval { get; }

    /// <summary>Bytes or frames that could not be parsed (dropped and counted).</summary>
    public long Malformed { get; private set; }

    /// <summary>Commands the radio refused (<c>?;</c>, CI-V <c>FA</c>).</summary>
    public long Refused { get; private set; }

    /// <summary>The TX state last reported by the radio (null until it answered).</summary>
    public bool? ReportedTransmitting { get; private set; }

    public void Set(bool transmit)
    {
        Span<byte> command = stackalloc byte[16];
        var n = WritePtt(command, transmit);
        _port.Write(command[..n]);
    }

    public bool Sample()
    {
        var now = _time.GetTimestamp();
        bool send;
        lock (_sync)
        {
            var since = _time.GetElapsedTime(_lastQuery, now);
            send = since >= QueryInterval && (!_queryOutstanding || since >= AnswerTimeout);
            if (send)
            {
                _lastQuery = now;
                _queryOutstanding = true;
            }
        }

        if (send)
        {
            Span<byte> query = stackalloc byte[16];
            var n = WriteSquelchQuery(query);
            _port.Write(query[..n]);
        }

        return _squelchOpen;
    }

    public async Task<bool> ConfirmReceiveAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sync)
            {
                _txStateWaiter = waiter;
            }

            var query = new byte[16];
            var n = WriteTransmitStateQuery(query);
            _port.Write(query.AsSpan(0, n));
            bool transmitting;
            try
            {
                transmitting = await waiter.Task.WaitAsync(AnswerTimeout * 2, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                continue;
            }

            if (!transmitting)
            {
                return true;
            }

            Set(false);
        }

        return false;
    }

    /// <summary>Bytes from the port (link thread).</summary>
    public void OnBytes(ReadOnlySpan<byte> data)
    {
        lock (_sync)
        {
            _buffer.Append(data);
            while (true)
            {
                var status = ReadOne(_buffer.Data, out var consumed);
                if (status == CatReadStatus.Incomplete)
                {
                    break;
                }

                if (status == CatReadStatus.Malformed)
                {
                    Malformed++;
                }

                _buffer.Consume(consumed);
            }
        }
    }

    /// <summary>The port was (re)opened or lost: forget partial input and the last squelch report.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _buffer.Clear();
            _queryOutstanding = false;
            _squelchOpen = false;
            ReportedTransmitting = null;
        }
    }

    protected abstract int WritePtt(Span<byte> destination, bool transmit);

    protected abstract int WriteSquelchQuery(Span<byte> destination);

    protected abstract int WriteTransmitStateQuery(Span<byte> destination);

    /// <summary>Reads one message from <paramref name="input"/> and reports what it says through the On* methods.</summary>
    protected abstract CatReadStatus ReadOne(ReadOnlySpan<byte> input, out int consumed);

    protected void OnSquelchReport(bool open)
    {
        _squelchOpen = open;
        _queryOutstanding = false;
    }

    protected void OnTransmitReport(bool transmitting)
    {
        ReportedTransmitting = transmitting;
        var waiter = _txStateWaiter;
        _txStateWaiter = null;
        waiter?.TrySetResult(transmitting);
    }

    protected void OnRefused()
    {
        Refused++;
        _queryOutstanding = false;
    }
}
