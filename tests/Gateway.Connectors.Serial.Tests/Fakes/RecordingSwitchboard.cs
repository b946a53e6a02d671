using System.Collections.Concurrent;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.TalkGroups;

namespace Gateway.Connectors.Serial.Tests.Fakes;

/// <summary>
/// A switchboard that records what a radio endpoint asks of it (floor requests, releases, frames) and answers floor
/// requests with a scripted outcome. The real router is tested in the core; here we test the radio side of the contract.
/// </summary>
internal sealed class RecordingSwitchboard : ISwitchboard
{
    private readonly TimeProvider _time;

    public RecordingSwitchboard(TimeProvider time)
    {
        _time = time;
    }

    public FloorOutcomeKind NextOutcome { get; set; } = FloorOutcomeKind.Granted;

    public ConcurrentQueue<FloorRequest> Requests { get; } = new();

    public ConcurrentQueue<EndpointId> Releases { get; } = new();

    public ConcurrentQueue<(FrameFlags Flags, float FirstSample, long Timestamp)> Frames { get; } = new();

    public ConcurrentQueue<(EndpointId Endpoint, bool Online)> OnlineChanges { get; } = new();

    public Func<Exception>? ThrowOnSubmit { get; set; }

    /// <summary>When false, frames are only counted (allocation tests).</summary>
    public bool RecordFrames { get; set; } = true;

    public long FrameCount => Interlocked.Read(ref _frameCount);

    private long _frameCount;

    public IReadOnlyList<TalkGroupInfo> TalkGroups => [];

    public IReadOnlyList<PatchInfo> Patches => [];

    public IReadOnlyList<EndpointInfo> Endpoints => [];

    public EndpointInfo? FindEndpoint(EndpointId id) => null;

    public IDisposable BatchMembershipChanges() => new NoBatch();

    public TalkGroupInfo? FindTalkGroup(TalkGroupId id) => null;

    public TalkGroupInfo UpsertTalkGroup(TalkGroupSettings settings) => throw new NotSupportedException();

    public bool RemoveTalkGroup(TalkGroupId id) => false;

    public PatchId Patch(IReadOnlyList<TalkGroupId> groups) => throw new NotSupportedException();

    public bool Unpatch(PatchId patch) => false;

    public void Attach(IVoiceEndpoint endpoint, TalkGroupId group)
    {
    }

    public bool AttachRegistered(EndpointId endpoint, TalkGroupId group) => false;

    public void Detach(EndpointId endpoint, TalkGroupId group)
    {
    }

    public void SetEndpointOnline(EndpointId endpoint, bool online, string reason) => OnlineChanges.Enqueue((endpoint, online));

    public FloorOutcome RequestFloor(FloorRequest request)
    {
        Requests.Enqueue(request);
        return NextOutcome switch
        {
            FloorOutcomeKind.Granted => new FloorOutcome(FloorOutcomeKind.Granted, new FloorGrant(request.TalkGroup, CallId.New(), Requests.Count, request.Talker, request.Priority, _time.GetUtcNow())),
            FloorOutcomeKind.Queued => new FloorOutcome(FloorOutcomeKind.Queued, QueuePosition: 1),
            _ => new FloorOutcome(FloorOutcomeKind.Denied, Reason: "busy"),
        };
    }

    public void ReleaseFloor(EndpointId endpoint, TalkGroupId group) => Releases.Enqueue(endpoint);

    public FloorStatus GetFloorStatus(TalkGroupId group) => new(group, FloorPhase.Idle, null, null, _time.GetUtcNow(), 0);

    public void SubmitFrame(EndpointId source, TalkGroupId group, ReadOnlySpan<float> pcm48k, ReadOnlySpan<byte> payload, CodecProfile payloadProfile, FrameFlags flags)
    {
        if (ThrowOnSubmit is { } factory)
        {
            throw factory();
        }

        Interlocked.Increment(ref _frameCount);
        if (RecordFrames)
        {
            Frames.Enqueue((flags, pcm48k.IsEmpty ? 0 : pcm48k[0], _time.GetTimestamp()));
        }
    }

    private sealed class NoBatch : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
