using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Routing;

public sealed class PatchTests : IDisposable
{
    private static readonly TalkGroupId A = new("a");
    private static readonly TalkGroupId B = new("b");
    private readonly Harness _h = new();

    public PatchTests()
    {
        _h.Switchboard.UpsertTalkGroup(Harness.Group("a"));
        _h.Switchboard.UpsertTalkGroup(Harness.Group("b", queue: false));
        _h.Switchboard.UpsertTalkGroup(Harness.Group("c"));
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Patch_FloorSpansLinkedGroups_OneTalkerHeardInAll()
    {
        var a1 = _h.Endpoint("a1", "a");
        var a2 = _h.Endpoint("a2", "a");
        var b1 = _h.Endpoint("b1", "b");
        var c1 = _h.Endpoint("c1", "c");
        var patch = _h.Switchboard.Patch([A, B]);
        _h.DrainEvents();

        var grant = _h.Ask("a", "a1").Grant!;
        var fromB = _h.Ask("b", "b1");
        _h.Submit("a1", "a", Harness.Tone(0));

        // The patch's floor follows the first group's policy (queueing) and has one holder for both groups.
        Assert.Equal(FloorOutcomeKind.Queued, fromB.Kind);
        Assert.Equal(new EndpointId("a1"), fromB.Holder!.Talker.Endpoint);
        Assert.Equal(new EndpointId("a1"), _h.Switchboard.GetFloorStatus(B).Holder!.Talker.Endpoint);
        Assert.Single(Harness.Frames(a2));
        Assert.Single(Harness.Frames(b1));
        Assert.Empty(Harness.Frames(c1));
        Assert.Equal(0, a1.Delivered);
        var granted = _h.Events<FloorGranted>(_h.DrainEvents());
        Assert.Equal(new[] { A, B }, granted.Select(g => g.Group));
        Assert.All(granted, g => Assert.Same(grant, g.Grant));
        Assert.Equal([B], _h.Switchboard.FindTalkGroup(A)!.PatchedWith);
        Assert.Equal(patch, Assert.Single(_h.Switchboard.Patches).Id);
    }

    [Fact]
    public void Patch_BothGroupsBusy_HigherPriorityTalkerKeepsFloorOtherIsPreempted()
    {
        var a1 = _h.Endpoint("a1", "a");
        var b1 = _h.Endpoint("b1", "b");
        var b2 = _h.Endpoint("b2", "b");
        _h.Ask("a", "a1");
        var dispatcher = _h.Ask("b", "b1", Priority.Dispatcher).Grant!;

        _h.Switchboard.Patch([A, B]);

        Assert.Equal(TransmissionEndReason.PreEmpted, Assert.Single(Harness.Notices(a1)).RevokeReason);
        Assert.Empty(Harness.Notices(b1));
        Assert.Equal(dispatcher.Talker, _h.Switchboard.GetFloorStatus(A).Holder!.Talker);
        _h.Submit("b1", "b", Harness.Tone(0));
        Assert.Single(Harness.Frames(a1));
        Assert.Single(Harness.Frames(b2));
    }

    [Fact]
    public void Unpatch_RestoresIndependentFloorsAndMedia()
    {
        var a1 = _h.Endpoint("a1", "a");
        var a2 = _h.Endpoint("a2", "a");
        var b1 = _h.Endpoint("b1", "b");
        var b2 = _h.Endpoint("b2", "b");
        var patch = _h.Switchboard.Patch([A, B]);
        _h.Ask("b", "b1");

        Assert.True(_h.Switchboard.Unpatch(patch));

        // The talker keeps talking in its own group; group a got a fresh, idle floor.
        Assert.Equal(new EndpointId("b1"), _h.Switchboard.GetFloorStatus(B).Holder!.Talker.Endpoint);
        Assert.Equal(FloorPhase.Idle, _h.Switchboard.GetFloorStatus(A).Phase);
        Assert.Equal(FloorOutcomeKind.Granted, _h.Ask("a", "a1").Kind);
        _h.Submit("a1", "a", Harness.Tone(0));
        _h.Submit("b1", "b", Harness.Tone(1));
        Assert.Single(Harness.Frames(a2));
        Assert.Single(Harness.Frames(b2));
        Assert.Equal(0, a1.Delivered);
        Assert.Equal(0, b1.Delivered);
        Assert.Empty(_h.Switchboard.Patches);
        Assert.Contains(_h.DrainEvents(), e => e is PatchChanged { Active: false });
        Assert.False(_h.Switchboard.Unpatch(patch));
    }

    [Fact]
    public void Patch_InvalidGroups_ThrowsNamingTheProblem()
    {
        Assert.Throws<ArgumentException>(() => _h.Switchboard.Patch([A, A]));
        var unknown = Assert.Throws<KeyNotFoundException>(() => _h.Switchboard.Patch([A, new TalkGroupId("zz")]));
        Assert.Contains("zz", unknown.Message, StringComparison.Ordinal);
        _h.Switchboard.Patch([A, B]);
        Assert.Throws<InvalidOperationException>(() => _h.Switchboard.Patch([B, new TalkGroupId("c")]));
    }

    [Fact]
    public void RemoveTalkGroup_InPatch_DissolvesPatchFirst()
    {
        _h.Endpoint("a1", "a");
        var b1 = _h.Endpoint("b1", "b");
        _h.Switchboard.Patch([A, B]);

        Assert.True(_h.Switchboard.RemoveTalkGroup(A));

        Assert.Empty(_h.Switchboard.Patches);
        Assert.Equal(FloorOutcomeKind.Granted, _h.Ask("b", "b1").Kind);
    }

    [Fact]
    public void PatchAndUnpatch_DuringACall_KeepCallRecordsBalancedPerGroup()
    {
        _h.Endpoint("a1", "a");
        _h.Endpoint("b1", "b");
        var call = _h.Ask("a", "a1").Grant!.Call;
        _h.DrainEvents();
        var patch = _h.Switchboard.Patch([A, B]);
        var joined = _h.Events<CallStarted>(_h.DrainEvents());
        Assert.Equal(B, Assert.Single(joined).Group);
        Assert.Equal(call, joined[0].Call);

        _h.Switchboard.Unpatch(patch);
        var left = Assert.Single(_h.Events<CallEnded>(_h.DrainEvents()));
        Assert.Equal((B, call), (left.Group, left.Call));

        _h.Switchboard.ReleaseFloor(new EndpointId("a1"), A);
        _h.Time.Advance(TimeSpan.FromSeconds(3));
        var ended = Assert.Single(_h.Events<CallEnded>(_h.DrainEvents()));
        Assert.Equal((A, call), (ended.Group, ended.Call));
    }
}
