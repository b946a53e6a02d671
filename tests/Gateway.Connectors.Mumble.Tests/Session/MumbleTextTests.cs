using Gateway.Connectors.Mumble.Session;

namespace Gateway.Connectors.Mumble.Tests.Session;

public sealed class MumbleTextTests
{
    [Theory]
    [InlineData("ack", "ack")]
    [InlineData(" <b>ACK</b> ", "ACK")]
    [InlineData("<p>收到</p>", "收到")]
    [InlineData("a &amp; b", "a & b")]
    [InlineData("&lt;1&gt;", "<1>")]
    public void ToPlainText_Html_StripsTagsAndEntities(string html, string expected)
    {
        Assert.Equal(expected, MumbleText.ToPlainText(html));
    }
}
