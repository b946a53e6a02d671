namespace Gateway.Connectors.Mumble.Tests;

public sealed class MumbleConnectorOptionsValidatorTests
{
    private static MumbleConnectorOptions Valid() => new()
    {
        Id = "poc",
        Host = "mumble.example.org",
        Channels = { ["Tianhe/Sports"] = "tianhe-sports" },
    };

    [Fact]
    public void Validate_ValidEntry_Succeeds()
    {
        var result = new MumbleConnectorOptionsValidator().Validate(null, new MumbleConnectorsOptions { Servers = [Valid()] });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsAllWithTheirKeys()
    {
        var bad = Valid();
        bad.Host = "";
        bad.Port = 70000;
        bad.Username = "gate way";
        bad.CertificateFingerprint = "12:34";
        bad.Priority = "urgent";
        bad.Bitrate = 128_000;
        bad.ReconnectMaxSeconds = 0;
        bad.Channels.Clear();
        var duplicate = Valid();

        var result = new MumbleConnectorOptionsValidator().Validate(null, new MumbleConnectorsOptions { Servers = [Valid(), bad, duplicate] });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var key in new[] { "[1]:Host", "[1]:Port", "[1]:Username", "[1]:CertificateFingerprint", "[1]:Priority", "[1]:Bitrate", "[1]:ReconnectMaxSeconds", "[1]:Channels", "[2]:Id" })
        {
            Assert.Contains(failures, f => f.StartsWith("Gateway:Connectors:Mumble" + key, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("Dispatcher")]
    [InlineData("emergency")]
    public void Validate_KnownPriorities_Succeed(string priority)
    {
        var options = Valid();
        options.Priority = priority;

        Assert.Empty(MumbleConnectorOptionsValidator.ValidateEntry("k", options));
    }
}
