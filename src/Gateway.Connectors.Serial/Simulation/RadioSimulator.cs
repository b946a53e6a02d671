using System.Text;
using Gateway.Connectors.Serial.Protocol;
using Gateway.Connectors.Serial.Transport;

namespace Gateway.Connectors.Serial.Simulation;

/// <summary>
/// A simulated CAT radio on the far end of a serial link (in tests: the other side of a <c>socat</c> pty pair). It
/// implements the subset the gateway uses — Kenwood <c>TX;</c> <c>RX;</c> <c>BY;</c> <c>IF;</c> <c>AI</c>, CI-V
/// <c>1C 00</c> and <c>15 01</c> with ACK/NAK and the bus echo — keeps a record of PTT transitions with timestamps, and
/// lets a test (or a person at a console) open and close its squelch, now or on a schedule.
/// </summary>
public sealed class RadioSimulator : IDisposable
{
    private readonly ISerialPort _port;
    private readonly TimeProvider _time;
    private readonly byte _address;
    private readonly object _sync = new();
    private readonly List<PttTransition> _transitions = [];
    private readonly List<ITimer> _timers = [];
    private readonly CatByteBuffer _buffer = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private volatile bool _squelchOpen;
    private volatile bool _transmitting;

    public RadioSimulator(ISerialPort port, CatDialect dialect, TimeProvider time, byte civAddress = 0x94, bool civBusEcho = true)
    {
        _port = port;
        Dialect = dialect;
        _time = time;
        _address = civAddress;
        CivBusEcho = civBusEcho;
    }

    public CatDialect Dialect { get; }

    /// <summary>Echo every received CI-V frame back, as the one-wire CI-V bus does.</summary>
    public bool CivBusEcho { get; }

    /// <summary>A faulty radio that ignores unkey commands (to test read-back confirmation).</summary>
    public bool IgnoreUnkey { get; set; }

    public bool Transmitting => _transmitting;

    public bool SquelchOpen
    {
        get => _squelchOpen;
        set => _squelchOpen = value;
    }

    /// <summary>Status queries answered (squelch and TX state).</summary>
    public long Queries { get; private set; }

    public long Malformed { get; private set; }

    /// <summary>True while the read loop runs (false after the port failed, e.g. socat was killed).</summary>
    public bool Running { get; private set; }

    public event Action<PttTransition>? PttChanged;

    public IReadOnlyList<PttTransition> Transitions
    {
        get
        {
            lock (_sync)
            {
                return [.. _transitions];
            }
        }
    }

    public void Start()
    {
        if (!_port.IsOpen)
        {
            _port.Open();
        }

        Running = true;
        _thread = new Thread(Run) { IsBackground = true, Name = "radio simulator" };
        _thread.Start();
    }

    /// <summary>Opens the squelch after <paramref name="after"/> for <paramref name="duration"/> (a scripted transmission from a handheld).</summary>
    public void ScheduleOpening(TimeSpan after, TimeSpan duration)
    {
        lock (_sync)
        {
            _timers.Add(_time.CreateTimer(_ => _squelchOpen = true, null, after, Timeout.InfiniteTimeSpan));
            _timers.Add(_time.CreateTimer(_ => _squelchOpen = false, null, after + duration, Timeout.InfiniteTimeSpan));
        }
    }

    private void Run()
    {
        var buffer = new byte[256];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var n = _port.Read(buffer);
                if (n > 0)
                {
                    _buffer.Append(buffer.AsSpan(0, n));
                    Process();
                }
            }
        }
        catch (IOException)
        {
            // The link went away (socat killed): stop like a radio whose cable was pulled.
        }
        finally
        {
            Running = false;
        }
    }

    private void Process()
    {
        while (true)
        {
            CatReadStatus status;
            int consumed;
            if (Dialect == CatDialect.Kenwood)
            {
                status = KenwoodReader.TryRead(_buffer.Data, out var message, out consumed);
                if (status == CatReadStatus.Message)
                {
                    HandleKenwood(message);
                }
            }
            else
            {
                status = CivReader.TryRead(_buffer.Data, out var frame, out consumed);
                if (status == CatReadStatus.Message)
                {
                    if (CivBusEcho)
                    {
                        _port.Write(_buffer.Data[..consumed]);
                    }

                    HandleCiv(frame!);
                }
            }

            if (status == CatReadStatus.Incomplete)
            {
                return;
            }

            if (status == CatReadStatus.Malformed)
            {
                Malformed++;
            }

            _buffer.Consume(consumed);
        }
    }

    private void HandleKenwood(KenwoodMessage message)
    {
        switch (message.Command)
        {
            case "TX":
                SetPtt(true);
                break;
            case "RX":
                SetPtt(false);
                break;
            case "BY" when message.Parameter.Length == 0:
                Queries++;
                Reply(_squelchOpen ? "BY10;" : "BY00;");
                break;
            case "IF" when message.Parameter.Length == 0:
                Queries++;
                Reply("IF00145500000     +000000000" + (_transmitting ? '1' : '0') + "4000000;");
                break;
            case "AI":
                break; // auto-information mode: accepted, never used by the simulator
            default:
                Reply("?;");
                break;
        }
    }

    private void HandleCiv(CivFrame frame)
    {
        if (frame.To != _address)
        {
            return;
        }

        Span<byte> reply = stackalloc byte[16];
        var p = frame.Payload;
        int n;
        if (frame.Command == CivProtocol.CommandPttGroup && p.Count == 2 && p[0] == CivProtocol.SubPtt && p[1] <= 1)
        {
            SetPtt(p[1] == 1);
            n = CivWriter.Write(reply, frame.From, _address, CivProtocol.Ack, []);
        }
        else if (frame.Command == CivProtocol.CommandPttGroup && p.Count == 1 && p[0] == CivProtocol.SubPtt)
        {
            Queries++;
            n = CivWriter.Write(reply, frame.From, _address, CivProtocol.CommandPttGroup, [CivProtocol.SubPtt, _transmitting ? (byte)1 : (byte)0]);
        }
        else if (frame.Command == CivProtocol.CommandMeter && p.Count == 1 && p[0] == CivProtocol.SubSquelchStatus)
        {
            Queries++;
            n = CivWriter.Write(reply, frame.From, _address, CivProtocol.CommandMeter, [CivProtocol.SubSquelchStatus, _squelchOpen ? (byte)1 : (byte)0]);
        }
        else
        {
            n = CivWriter.Write(reply, frame.From, _address, CivProtocol.Nak, []);
        }

        _port.Write(reply[..n]);
    }

    private void SetPtt(bool transmit)
    {
        if (!transmit && IgnoreUnkey)
        {
            return;
        }

        if (transmit == _transmitting)
        {
            return;
        }

        _transmitting = transmit;
        var transition = new PttTransition(_time.GetUtcNow(), _time.GetTimestamp(), transmit);
        lock (_sync)
        {
            _transitions.Add(transition);
        }

        PttChanged?.Invoke(transition);
    }

    private void Reply(string text)
    {
        Span<byte> bytes = stackalloc byte[64];
        var n = Encoding.ASCII.GetBytes(text, bytes);
        _port.Write(bytes[..n]);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(2));
        lock (_sync)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
        }

        _port.Close();
        _stop.Dispose();
    }
}
