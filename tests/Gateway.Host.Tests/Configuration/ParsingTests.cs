using System.Net;
using Gateway.Host.Configuration;

namespace Gateway.Host.Tests.Configuration;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("http://127.0.0.1:50051", "http", "127.0.0.1", 50051)]
    [InlineData("https://0.0.0.0:443", "https", "0.0.0.0", 443)]
    [InlineData("http://[::1]:0", "http", "::1", 0)]
    [InlineData("http://localhost:50051/", "http", null, 50051)]
    public void ListenAddressTryParse_Valid_Parses(string text, string scheme, string? address, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var parsed));
        Assert.Equal(new ListenAddress(scheme, address is null ? null : IPAddress.Parse(address), port), parsed);
    }

    [Fact]
    public void CommandLineParse_ConfigFile_IsTaken()
    {
        Assert.Equal(new CommandLine("site.json", false, null), CommandLine.Parse(["--config", "site.json"]));
        Assert.Equal(new CommandLine("site.json", false, null), CommandLine.Parse(["--config=site.json"]));
    }

    [Theory]
    [InlineData("--conf", "x.json")]
    [InlineData("--config")]
    [InlineData("--config", "a.json", "--config", "b.json")]
    public void CommandLineParse_BadArguments_AreAnError(params string[] args) => Assert.NotNull(CommandLine.Parse(args).Error);
}
