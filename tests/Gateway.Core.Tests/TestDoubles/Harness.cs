using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.TestDoubles;

/// <summary>A switchboard on virtual time with a recording event subscription.</summary>
internal sealed class Harness : IDisposable
{
    public Harness(ICodecFactory? codecs = null)
    {
        Codecs = codecs as TestL16CodecFactory ?? new TestL16CodecFactory();
        Bus = new EventBus(Metrics, Bindings);
        AllEvents = Bus.Subscribe("test", 100_000);
        // A private pool: parallel tests sharing MediaPacketPool.Shared would steal each other's packets and make the
        // allocation tests see new packets being created.
        Switchboard = new Switchboard(codecs ?? Codecs, Bus, Metrics, Time, pool: Pool);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    public GatewayMetrics Metrics { get; } = new();

    public Gateway.Core.Media.MediaPacketPool Pool { get; } = new();

    public EventBus Bus { get; }

    /// <summary>Terminals bound to units: the bus attributes their signals (empty unless a test binds).</summary>
    public Gateway.Core.Units.UnitEndpointBindings Bindings { get; } = new();

    public IEventSubscription AllEvents { get; }

    public TestL16CodecFactory Codecs { get; }

    public Switchboard Switchboard { get; }

    public static TalkGroupSettings Group(string id, bool queue = true, int hangMs = 3000, int maxTransmitSeconds = 60, int queueTimeoutSeconds = 30) =>
        new(new TalkGroupId(id), id, TimeSpan.FromMilliseconds(hangMs), TimeSpan.FromSeconds(maxTransmitSeconds), queue, TimeSpan.FromSeconds(queueTimeoutSeconds), Record: false);

    public InMemoryEndpoint Endpoint(string id, string group, CodecProfile? profile = null, bool capture = true)
    {
        var endpoint = new InMemoryEndpoint(new EndpointId(id), profile ?? CodecProfile.Pcm48k, capture);
        Switchboard.Attach(endpoint, new TalkGroupId(group));
        return endpoint;
    }

    public static FloorRequest Request(string group, string endpoint, Priority priority = Priority.Normal) =>
        new(new TalkGroupId(group), new Talker(new EndpointId(endpoint), null, endpoint), priority);

    public FloorOutcome Ask(string group, string endpoint, Priority priority = Priority.Normal) =>
        Switchboard.RequestFloor(Request(group, endpoint, priority));

    public List<GatewayEvent> DrainEvents()
    {
        var list = new List<GatewayEvent>();
        while (AllEvents.Reader.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    public List<T> Events<T>(IEnumerable<GatewayEvent> events)
        where T : GatewayEvent => events.OfType<T>().ToList();

    public static List<FloorNotice> Notices(InMemoryEndpoint endpoint)
    {
        var list = new List<FloorNotice>();
        while (endpoint.Notices.TryRead(out var n))
        {
            list.Add(n);
        }

        return list;
    }

    public static List<ReceivedFrame> Frames(InMemoryEndpoint endpoint)
    {
        var list = new List<ReceivedFrame>();
        while (endpoint.Frames.TryRead(out var f))
        {
            list.Add(f);
        }

        return list;
    }

    public static float[] Tone(int frameIndex, float amplitude = 0.25f)
    {
        var frame = new float[AudioFormat.FrameSamples];
        for (var i = 0; i < frame.Length; i++)
        {
            var n = (frameIndex * AudioFormat.FrameSamples) + i;
            frame[i] = amplitude * MathF.Sin(2 * MathF.PI * 440 * n / AudioFormat.SampleRate);
        }

        return frame;
    }

    public void Submit(string endpoint, string group, float[] pcm, Gateway.Core.Media.FrameFlags flags = Gateway.Core.Media.FrameFlags.None) =>
        Switchboard.SubmitFrame(new EndpointId(endpoint), new TalkGroupId(group), pcm, default, CodecProfile.Pcm48k, flags);

    public void Dispose()
    {
        Switchboard.Dispose();
        AllEvents.Dispose();
        Metrics.Dispose();
    }
}
