using Gateway.Connectors.Serial.Audio;
using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Transport;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Units;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Serial;

/// <summary>
/// Everything for one configured radio, wired together: the serial port and its link (reopen with backoff), the CAT
/// session when a CAT method is used, the PTT and squelch methods, the endpoint, and the audio pump.
/// </summary>
public sealed class RadioChannel : IAsyncDisposable
{
    private readonly ISwitchboard _switchboard;
    private readonly SerialLink? _link;
    private readonly RadioAudioPump _pump;

    private RadioChannel(RadioEndpoint endpoint, ISerialPort? port, CatRadio? cat, SerialLink? link, RadioAudioPump pump, ISwitchboard switchboard)
    {
        Endpoint = endpoint;
        Port = port;
        Cat = cat;
        _link = link;
        _pump = pump;
        _switchboard = switchboard;
    }

    public RadioEndpoint Endpoint { get; }

    public ISerialPort? Port { get; }

    public CatRadio? Cat { get; }

    public RadioAudioPump Pump => _pump;

    public bool PortConnected => _link?.IsConnected ?? true;

    /// <param name="openPort">Makes the port (tests may pass their own); default: System.IO.Ports.</param>
    /// <param name="openAudio">Opens a sound device (tests may pass their own); default: ALSA or file/pipe per the setting.</param>
    public static RadioChannel Create(
        RadioSettings settings,
        ISwitchboard switchboard,
        IHealthRegistry health,
        TimeProvider time,
        ILoggerFactory loggers,
        IUnitDirectory? units = null,
        IAniDecoder? ani = null,
        Func<RadioSettings, ISerialPort>? openPort = null,
        Func<AudioDirection, IAudioDevice>? openAudio = null,
        IEventBus? events = null)
    {
        var port = settings.NeedsPort
            ? (openPort ?? (s => new SystemSerialPort(s.Port, s.BaudRate, s.Parity, s.DataBits, s.StopBits)))(settings)
            : null;

        // A 9600-baud CI-V bus carries a query, its echo and the answer: do not poll faster than every 50 ms.
        var queryInterval = TimeSpan.FromMilliseconds(Math.Max(settings.PollMs, 50));
        CatRadio? cat = settings.PttMethod == "cat-kenwood" || settings.SquelchMethod == "cat-kenwood"
            ? new KenwoodCatRadio(port!, time, queryInterval)
            : settings.PttMethod == "cat-civ" || settings.SquelchMethod == "cat-civ"
                ? new CivCatRadio(port!, time, queryInterval, settings.CivAddress)
                : null;

        IPttLine ptt = settings.PttMethod switch
        {
            "rts" or "dtr" => new ModemLinePtt(port!, RadioSettings.ParseLine(settings.PttMethod), settings.PttActiveHigh),
            "none" => new NoPtt(),
            _ => cat!,
        };
        ISquelchDetector squelch = settings.SquelchMethod switch
        {
            "cts" or "dsr" or "dcd" => new ModemLineSquelch(port!, RadioSettings.ParseLine(settings.SquelchMethod), settings.SquelchActiveHigh),
            "vox" => new VoxSquelch(settings.VoxThresholdDb, settings.VoxHangMs),
            "always" => new AlwaysOpenSquelch(),
            _ => cat!,
        };

        var endpoint = new RadioEndpoint(settings, switchboard, health, ptt, squelch, time, loggers.CreateLogger<RadioEndpoint>(), units, ani ?? settings.CreateAniDecoder(), events);
        SerialLink? link = null;
        if (port is not null)
        {
            link = new SerialLink(port, time, loggers.CreateLogger<SerialLink>());
            link.Connected += () =>
            {
                cat?.Reset();
                endpoint.OnPortConnected();
            };
            link.Lost += reason =>
            {
                cat?.Reset();
                endpoint.OnPortLost(reason);
            };
            if (cat is not null)
            {
                link.DataReceived += cat.OnBytes;
            }

            endpoint.PortFault += link.ReportFault;
        }

        openAudio ??= direction => AudioDevices.Open(direction == AudioDirection.Capture ? settings.Capture : settings.Playback, direction, settings.SampleRate, time);
        var pump = new RadioAudioPump(endpoint, openAudio, time, loggers.CreateLogger<RadioAudioPump>());
        return new RadioChannel(endpoint, port, cat, link, pump, switchboard);
    }

    public void Start()
    {
        _switchboard.Attach(Endpoint, Endpoint.Settings.TalkGroup);
        Endpoint.Start();
        _link?.Start();
        _pump.Start();
    }

    public async ValueTask DisposeAsync()
    {
        // PTT first, while the port is still open (and a CAT unkey can be confirmed), then audio, then the port.
        await Endpoint.DisposeAsync().ConfigureAwait(false);
        _pump.Dispose();
        _link?.Dispose();
        _switchboard.Detach(Endpoint.Id, Endpoint.Settings.TalkGroup);
    }
}
