using System.Diagnostics;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Serial.Simulation;
using Gateway.Connectors.Serial.Transport;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Connectors.Serial.Tests.Simulation;

/// <summary>
/// The whole radio path on real time: socat ptys, the simulated CAT radio on one end, the gateway's RadioChannel on the
/// other, the real core switchboard, and a "console" endpoint in the same talk group that talks to and listens to the radio.
/// Audio devices are file devices (8 kHz raw, paced) so the resampler and pump run too.
/// </summary>
internal sealed class PtyRig : IAsyncDisposable
{
    public static readonly TalkGroupId Group = new("tg-radio");

    public PtyRig(CatDialect dialect, Action<SerialRadioOptions>? configure = null)
    {
        Pair = new SocatPtyPair();
        Simulator = StartSimulator(dialect);
        Switchboard = new Switchboard(new CodecFactory(), new EventBus(), new GatewayMetrics(), TimeProvider.System);
        Switchboard.UpsertTalkGroup(TalkGroupSettings.Default(Group) with { HangTime = TimeSpan.FromMilliseconds(100) });
        Health = new HealthRegistry(new EventBus(), TimeProvider.System);
        Console = new InMemoryEndpoint(new EndpointId("console"), CodecProfile.Pcm48k)
        {
            OnPacket = p =>
            {
                if (p.HasPcm && FirstConsoleFrameAt == 0)
                {
                    FirstConsoleFrameAt = Stopwatch.GetTimestamp();
                }
            },
        };
        Switchboard.Attach(Console, Group);

        var rx = Path.Combine(Pair.Directory, "rx.raw");
        WriteTone(rx, seconds: 30);
        var options = new SerialRadioOptions
        {
            Id = "radio-1",
            TalkGroup = Group.Value,
            Port = Pair.GatewaySide,
            Priority = "dispatcher",
            Ptt = { Method = dialect == CatDialect.Kenwood ? "cat-kenwood" : "cat-civ", CivAddress = "94", LeadMs = 150, TailMs = 200 },
            Squelch = { Method = dialect == CatDialect.Kenwood ? "cat-kenwood" : "cat-civ", DebounceMs = 20, MinOpenMs = 100, PollMs = 20 },
            Audio = { Capture = "file:" + rx, Playback = "file:" + Path.Combine(Pair.Directory, "tx.raw"), SampleRate = 8000 },
            TransmitTimeoutSeconds = 10,
        };
        configure?.Invoke(options);
        Settings = RadioSettings.Create(options);
        Channel = RadioChannel.Create(Settings, Switchboard, Health, TimeProvider.System, NullLoggerFactory.Instance);
        Channel.Start();
        Wait.Until(() => Channel.Endpoint.PortConnected, TimeSpan.FromSeconds(5), "the gateway to open the pty");
    }

    public SocatPtyPair Pair { get; }

    public RadioSimulator Simulator { get; private set; }

    public Switchboard Switchboard { get; }

    public HealthRegistry Health { get; }

    public InMemoryEndpoint Console { get; }

    public RadioSettings Settings { get; }

    public RadioChannel Channel { get; }

    public long FirstConsoleFrameAt { get; set; }

    public HealthState RadioHealth => Health.Snapshot().TryGetValue("serial:radio-1", out var h) ? h.State : HealthState.Healthy;

    public RadioSimulator StartSimulator(CatDialect dialect)
    {
        var simulator = new RadioSimulator(new SystemSerialPort(Pair.RadioSide), dialect, TimeProvider.System);
        simulator.Start();
        Simulator = simulator;
        return simulator;
    }

    /// <summary>The console talks to the group for <paramref name="frames"/> × 20 ms, paced on a real timer.</summary>
    public async Task ConsoleTalksAsync(int frames, bool release = true)
    {
        var talker = new Talker(Console.Id, null, "console");
        var outcome = Switchboard.RequestFloor(new FloorRequest(Group, talker, Priority.Dispatcher));
        Assert.Equal(FloorOutcomeKind.Granted, outcome.Kind);
        var pcm = new float[AudioFormat.FrameSamples];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = 0.3f * MathF.Sin(2 * MathF.PI * 1000 * i / AudioFormat.SampleRate);
        }

        using var timer = new PeriodicTimer(AudioFormat.FrameDuration, TimeProvider.System);
        for (var i = 0; i < frames; i++)
        {
            Switchboard.SubmitFrame(Console.Id, Group, pcm, ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, i == 0 ? FrameFlags.StartOfTransmission : FrameFlags.None);
            await timer.WaitForNextTickAsync();
        }

        if (release)
        {
            Switchboard.SubmitFrame(Console.Id, Group, ReadOnlySpan<float>.Empty, ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.EndOfTransmission);
            Switchboard.ReleaseFloor(Console.Id, Group);
        }
    }

    private static void WriteTone(string path, int seconds)
    {
        var samples = new short[8000 * seconds];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 700 * i / 8000));
        }

        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        Simulator.Dispose();
        Switchboard.Dispose();
        Pair.Dispose();
    }
}
