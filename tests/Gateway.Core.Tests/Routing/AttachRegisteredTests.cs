using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Routing;

/// <summary>Switchboard.AttachRegistered: a registered endpoint joins one more group by id (how a dynamic regroup is built).</summary>
public sealed class AttachRegisteredTests : IDisposable
{
    private readonly Harness _h = new();

    public AttachRegisteredTests()
    {
        _h.Switchboard.UpsertTalkGroup(Harness.Group("home"));
        _h.Switchboard.UpsertTalkGroup(Harness.Group("temp"));
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public void AttachRegistered_KnownEndpoint_HearsBothGroupsAndKeepsHomeWhenTempRemoved()
    {
        var radio = _h.Endpoint("radio", "home");
        _h.Endpoint("home-talker", "home");

        Assert.True(_h.Switchboard.AttachRegistered(radio.Id, new TalkGroupId("temp")));
        Assert.True(_h.Switchboard.AttachRegistered(radio.Id, new TalkGroupId("temp"))); // idempotent
        var pager = new Gateway.Core.Endpoints.InMemoryEndpoint(new EndpointId("pager"), Gateway.Audio.Codecs.CodecProfile.Pcm48k);
        _h.Switchboard.Attach(pager, new TalkGroupId("temp"));
        _h.Ask("temp", "pager");
        _h.Submit("pager", "temp", Harness.Tone(0));

        var frames = Harness.Frames(radio);
        Assert.Equal(["temp"], frames.Select(f => f.TalkGroup.Value));
        Assert.Equal(["home", "temp"], _h.Switchboard.Endpoints.Single(e => e.Id == radio.Id).TalkGroups.Select(g => g.Value).Order());

        _h.Switchboard.RemoveTalkGroup(new TalkGroupId("temp"));

        Assert.Equal(["home"], _h.Switchboard.Endpoints.Single(e => e.Id == radio.Id).TalkGroups.Select(g => g.Value));
        _h.Ask("home", "home-talker");
        _h.Submit("home-talker", "home", Harness.Tone(1));
        Assert.Equal(["home"], Harness.Frames(radio).Where(f => f.Pcm is not null).Select(f => f.TalkGroup.Value));
    }

    [Fact]
    public void AttachRegistered_UnknownEndpoint_FalseAndNothingAdded()
    {
        Assert.False(_h.Switchboard.AttachRegistered(new EndpointId("nobody"), new TalkGroupId("temp")));
        Assert.Empty(_h.Switchboard.FindTalkGroup(new TalkGroupId("temp"))!.Endpoints);
    }

    [Fact]
    public void AttachRegistered_UnknownGroup_Throws()
    {
        var radio = _h.Endpoint("radio", "home");
        Assert.Throws<KeyNotFoundException>(() => _h.Switchboard.AttachRegistered(radio.Id, new TalkGroupId("nope")));
    }
}
