using BenchmarkDotNet.Attributes;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;

namespace Gateway.Benchmarks.Core;

/// <summary>
/// The cost of routing one 20 ms frame from the floor holder to N endpoints with Gateway.Audio's real codecs.
/// Cases: N listeners of one profile (Opus 32 kbit/s: one encode per frame), N listeners whose profile equals the
/// source payload's (pass-through: no codec at all), and N listeners spread over Opus, PCMU and L16 (three encodes).
/// The L16 and G.711 cases show the router's own cost without Opus's encode dominating it.
/// </summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private static readonly TalkGroupId Group = new("bench");
    private static readonly EndpointId Talker = new("talker");
    private readonly float[] _pcm = new float[AudioFormat.FrameSamples];
    private readonly byte[] _opusPayload = new byte[AudioFormat.MaxPacketBytes];
    private int _opusLength;
    private Switchboard _switchboard = null!;
    private GatewayMetrics _metrics = null!;
    private bool _passThrough;

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "1000 x opus";

    public static IEnumerable<string> Cases() =>
        ["1 x opus", "100 x opus", "1000 x opus", "1000 x opus pass-through", "1000 x 3 profiles", "1000 x l16", "1000 x 3 g711/l16"];

    [GlobalSetup]
    public void Setup()
    {
        var codecs = new CodecFactory();
        _metrics = new GatewayMetrics();
        _switchboard = new Switchboard(codecs, new EventBus(_metrics), _metrics, TimeProvider.System);
        _switchboard.UpsertTalkGroup(TalkGroupSettings.Default(Group));
        _switchboard.Attach(new InMemoryEndpoint(Talker, CodecProfile.Opus(), capture: false), Group);

        var count = int.Parse(Case.AsSpan(0, Case.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
        var threeProfiles = Case.EndsWith("3 profiles", StringComparison.Ordinal);
        var threeCheap = Case.EndsWith("3 g711/l16", StringComparison.Ordinal);
        var l16 = Case.EndsWith("x l16", StringComparison.Ordinal);
        _passThrough = Case.EndsWith("pass-through", StringComparison.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var profile = threeProfiles ? (i % 3) switch { 0 => CodecProfile.Opus(), 1 => CodecProfile.Pcmu, _ => CodecProfile.Pcm48k }
                : threeCheap ? (i % 3) switch { 0 => CodecProfile.Pcma, 1 => CodecProfile.Pcmu, _ => CodecProfile.Pcm48k }
                : l16 ? CodecProfile.Pcm48k
                : CodecProfile.Opus();
            _switchboard.Attach(new InMemoryEndpoint(new EndpointId("l" + i), profile, capture: false), Group);
        }

        for (var i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / AudioFormat.SampleRate);
        }

        using (var encoder = codecs.CreateEncoder(CodecProfile.Opus()))
        {
            _opusLength = encoder.Encode(_pcm, _opusPayload);
        }

        var outcome = _switchboard.RequestFloor(new FloorRequest(Group, new Talker(Talker, null, "bench"), Priority.Dispatcher));
        if (outcome.Kind != FloorOutcomeKind.Granted)
        {
            throw new InvalidOperationException("The benchmark talker did not get the floor.");
        }

        // Warm the encoders, decoders and packet pool.
        for (var i = 0; i < 50; i++)
        {
            RouteOneFrame();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _switchboard.Dispose();
        _metrics.Dispose();
    }

    [Benchmark]
    public void RouteOneFrame()
    {
        if (_passThrough)
        {
            _switchboard.SubmitFrame(Talker, Group, default, _opusPayload.AsSpan(0, _opusLength), CodecProfile.Opus(), FrameFlags.None);
        }
        else
        {
            _switchboard.SubmitFrame(Talker, Group, _pcm, default, CodecProfile.Pcm48k, FrameFlags.None);
        }
    }
}
