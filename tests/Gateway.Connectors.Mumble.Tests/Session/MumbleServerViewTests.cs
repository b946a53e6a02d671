using Gateway.Connectors.Mumble.Protocol.Messages;
using Gateway.Connectors.Mumble.Session;

namespace Gateway.Connectors.Mumble.Tests.Session;

public sealed class MumbleServerViewTests
{
    private static MumbleServerView Tree()
    {
        var view = new MumbleServerView();
        view.Apply(new ChannelState { ChannelId = 0, Name = "Root" });
        view.Apply(new ChannelState { ChannelId = 1, Parent = 0, Name = "Tianhe" });
        view.Apply(new ChannelState { ChannelId = 2, Parent = 1, Name = "Sports" });
        view.Apply(new ChannelState { ChannelId = 3, Parent = 0, Name = "Sports" });
        return view;
    }

    [Theory]
    [InlineData("Tianhe/Sports", 2u)]
    [InlineData("/Tianhe/Sports/", 2u)]
    [InlineData("Sports", 3u)]
    [InlineData("", 0u)]
    [InlineData("/", 0u)]
    public void FindChannel_PathFromRoot_ResolvesByParentAndName(string path, uint expected)
    {
        Assert.Equal(expected, Tree().FindChannel(path));
    }

    [Theory]
    [InlineData("Tianhe/Harbour")]
    [InlineData("tianhe/sports")]
    [InlineData("Sports/Tianhe")]
    public void FindChannel_Unknown_ReturnsNull(string path)
    {
        Assert.Null(Tree().FindChannel(path));
    }

    [Fact]
    public void Apply_ChannelRenameAndRemove_Reflected()
    {
        var view = Tree();
        view.Apply(new ChannelState { ChannelId = 2, Name = "Stadium" });
        Assert.Equal(2u, view.FindChannel("Tianhe/Stadium"));

        view.Apply(new ChannelRemove { ChannelId = 2 });
        Assert.Null(view.FindChannel("Tianhe/Stadium"));
    }

    [Fact]
    public void Apply_PartialUserState_MergesAndReportsPreviousChannel()
    {
        var view = Tree();
        var (before, user) = view.Apply(new UserState { Session = 7, Name = "patrol3" });
        Assert.Null(before);
        Assert.Equal(0u, user.ChannelId);

        (before, user) = view.Apply(new UserState { Session = 7, ChannelId = 2 });
        Assert.Equal(0u, before);
        Assert.Equal("patrol3", user.Name);
        Assert.Equal(2u, user.ChannelId);

        (before, user) = view.Apply(new UserState { Session = 7, SelfMute = true });
        Assert.Equal(2u, before);
        Assert.Equal(2u, user.ChannelId);
        Assert.True(user.SelfMuted);

        var removed = view.Apply(new UserRemove { Session = 7 });
        Assert.Equal(2u, removed?.ChannelId);
        Assert.Null(view.FindUser(7));
    }

    [Fact]
    public void Apply_ServerSync_SetsSelfSession()
    {
        var view = Tree();
        Assert.False(view.Synchronized);

        view.Apply(new ServerSync { Session = 12 });

        Assert.Equal(12u, view.SelfSession);
        view.Clear();
        Assert.Null(view.SelfSession);
        Assert.Null(view.FindChannel(""));
    }
}
