using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Serial.Transport;

/// <summary>
/// Keeps a serial port open: one dedicated thread opens it, reads (handing bytes to <see cref="DataReceived"/>), notices
/// when the device vanishes, closes it and reopens it with capped exponential backoff on the <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class SerialLink : IDisposable
{
    private readonly ISerialPort _port;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _minBackoff;
    private readonly TimeSpan _maxBackoff;
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private volatile string? _faultReason;

    public SerialLink(ISerialPort port, TimeProvider time, ILogger<SerialLink> logger, TimeSpan? minBackoff = null, TimeSpan? maxBackoff = null)
    {
        _port = port;
        _time = time;
        _logger = logger;
        _minBackoff = minBackoff ?? TimeSpan.FromMilliseconds(250);
        _maxBackoff = maxBackoff ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>Raised on the link thread after each successful open.</summary>
    public event Action? Connected;

    /// <summary>Raised on the link thread when an open port failed or vanished (after it was closed).</summary>
    public event Action<string>? Lost;

    /// <summary>Bytes read from the port (on the link thread; handlers must be quick).</summary>
    public event ReadOnlySpanAction<byte>? DataReceived;

    public delegate void ReadOnlySpanAction<T>(ReadOnlySpan<T> data);

    public bool IsConnected { get; private set; }

    public long Reconnects { get; private set; }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "serial " + _port.PortName };
        _thread.Start();
    }

    /// <summary>Something using the port hit an I/O error: close and reopen it.</summary>
    public void ReportFault(Exception exception) => _faultReason = exception.Message;

    private void Run()
    {
        var backoff = _minBackoff;
        var token = _stop.Token;
        var buffer = new byte[256];
        while (!token.IsCancellationRequested)
        {
            try
            {
                _port.Open();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.OpenFailed(_logger, _port.PortName, ex.Message, backoff.TotalMilliseconds);
                if (!Wait(backoff, token))
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _maxBackoff.Ticks));
                continue;
            }

            _faultReason = null;
            IsConnected = true;
            var connectedAt = _time.GetTimestamp();
            string reason;
            try
            {
                Connected?.Invoke();
                reason = ReadUntilLost(buffer, token);
            }
            catch (Exception ex)
            {
                reason = ex.Message;
            }

            IsConnected = false;
            _port.Close();
            if (token.IsCancellationRequested)
            {
                break;
            }

            Reconnects++;
            Log.PortLost(_logger, _port.PortName, reason);
            Lost?.Invoke(reason);

            // A link that fails right after opening (wrong device, modem ioctls on a pty) must not be reopened in a tight
            // loop: keep growing the backoff unless the connection had been up for a while.
            backoff = _time.GetElapsedTime(connectedAt) > StableAfter
                ? _minBackoff
                : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _maxBackoff.Ticks));
            if (!Wait(backoff, token))
            {
                break;
            }
        }
    }

    private string ReadUntilLost(byte[] buffer, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            if (_faultReason is { } fault)
            {
                return fault;
            }

            if (!_port.DeviceExists)
            {
                return "device vanished";
            }

            try
            {
                var n = _port.Read(buffer);
                if (n > 0)
                {
                    DataReceived?.Invoke(buffer.AsSpan(0, n));
                }
            }
            catch (IOException ex)
            {
                return ex.Message;
            }
        }

        return "stopped";
    }

    private bool Wait(TimeSpan delay, CancellationToken token)
    {
        try
        {
            Task.Delay(delay, _time, token).Wait(token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(2));
        _port.Close();
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, EventName = "SerialOpenFailed", Level = LogLevel.Warning, Message = "Serial port {Port} cannot be opened ({Reason}); retrying in {BackoffMs} ms")]
        public static partial void OpenFailed(ILogger logger, string port, string reason, double backoffMs);

        [LoggerMessage(EventId = 8102, EventName = "SerialPortLost", Level = LogLevel.Warning, Message = "Serial port {Port} lost: {Reason}")]
        public static partial void PortLost(ILogger logger, string port, string reason);
    }
}
