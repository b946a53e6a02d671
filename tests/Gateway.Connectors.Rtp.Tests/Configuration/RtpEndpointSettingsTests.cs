using System.Net;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Transport;
using Gateway.Core.Floor;

namespace Gateway.Connectors.Rtp.Tests.Configuration;

public sealed class RtpEndpointSettingsTests
{
    [Fact]
    public void Parse_ArchitectureExample_ReadsEveryField()
    {
        var s = RtpEndpointSettings.Parse(
            new RtpEndpointOptions { Id = "console-a", TalkGroup = "tianhe-sports", Listen = "127.0.0.1:40000", Remote = "127.0.0.1:40002", Codec = "opus", PayloadType = 111, Priority = "dispatcher" },
            "Gateway:Connectors:Rtp:0");

        Assert.Equal("console-a", s.Id.Value);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:40002"), s.Remote);
        Assert.Equal(CodecProfile.Opus(32_000), s.Profile);
        Assert.Equal(111, s.PayloadType);
        Assert.Equal(Priority.Dispatcher, s.Priority);
        Assert.Equal(48_000, s.ClockRate);
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.StreamEnd);
    }

    [Theory]
    [InlineData("pcmu", 0, 8000)]
    [InlineData("PCMA", 8, 8000)]
    [InlineData("opus", 111, 48000)]
    public void Parse_CodecWithoutPayloadType_UsesStandardDefault(string codec, int pt, int clock)
    {
        var s = RtpEndpointSettings.Parse(new RtpEndpointOptions { Id = "x", TalkGroup = "g", Listen = "127.0.0.1:40000", Codec = codec }, "k");
        Assert.Equal(pt, s.PayloadType);
        Assert.Equal(clock, s.ClockRate);
    }

    [Fact]
    public void Parse_ManyMistakes_ReportsEveryOneWithItsKey()
    {
        var options = new RtpEndpointOptions
        {
            Id = "",
            TalkGroup = "",
            Listen = "localhost",
            Remote = "127.0.0.1:5000",
            Multicast = "10.0.0.1",
            Codec = "speex",
            Priority = "urgent",
            TelephoneEventPayloadType = 50,
            StreamEndMs = 5,
            JitterMinMs = 300,
            JitterMaxMs = 100,
            AllowedSources = ["not-an-ip", "10.0.0.0/40"],
        };

        var ex = Assert.Throws<RtpConfigurationException>(() => RtpEndpointSettings.Parse(options, "Gateway:Connectors:Rtp:3"));

        string[] keys = [":Id ", ":TalkGroup ", ":Listen ", ":Multicast ", ":Remote '127.0.0.1:5000' must be empty when Multicast is set", ":Codec ", ":Priority ", ":TelephoneEventPayloadType ", ":StreamEndMs ", ":JitterMaxMs '100' must not be less than JitterMinMs", "'not-an-ip'", "'10.0.0.0/40'"];
        foreach (var key in keys)
        {
            Assert.Contains(ex.Errors, e => e.Contains(key, StringComparison.Ordinal) && e.StartsWith("Gateway:Connectors:Rtp:3", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Check_TtlZeroAndStaticDtmfType_NamesSettingValueAndRule()
    {
        var problems = RtpEndpointRules.Check(new RtpEndpointOptions { Listen = "127.0.0.1:40000", Ttl = 0, TelephoneEventPayloadType = 0 });

        Assert.Equal(
            [
                new RtpSettingProblem("Ttl", "0", "must be between 1 and 255 (0 would keep multicast on this host)"),
                new RtpSettingProblem("TelephoneEventPayloadType", "0", "must be a dynamic payload type between 96 and 127 (RFC 4733)"),
            ],
            problems);
        Assert.Equal("k:Ttl '0' must be between 1 and 255 (0 would keep multicast on this host)", problems[0].ToLine("k"));
    }

    [Fact]
    public void Check_DefaultsWithAListenAddress_NoProblems()
    {
        Assert.Empty(RtpEndpointRules.Check(new RtpEndpointOptions { Listen = "127.0.0.1:40000" }));
        Assert.Equal(
            [new RtpSettingProblem("Listen", null, "is required (address:port)")],
            RtpEndpointRules.Check(new RtpEndpointOptions()));
    }

    [Fact]
    public void Parse_OddListenPort_RejectedBecauseRtcpUsesTheNext()
    {
        var ex = Assert.Throws<RtpConfigurationException>(() => RtpEndpointSettings.Parse(new RtpEndpointOptions { Id = "x", TalkGroup = "g", Listen = "127.0.0.1:40001" }, "k"));
        Assert.Contains("even", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedSources_EmptyWithRemote_OnlyTheRemote_EmptyWithoutRemote_OnlyLoopback()
    {
        var fixedRemote = RtpEndpointSettings.Parse(new RtpEndpointOptions { Id = "x", TalkGroup = "g", Listen = "127.0.0.1:40000", Remote = "192.0.2.7:5004" }, "k");
        Assert.True(fixedRemote.AllowedSources.IsAllowed(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 1234).Serialize()));
        Assert.False(fixedRemote.AllowedSources.IsAllowed(new IPEndPoint(IPAddress.Parse("192.0.2.8"), 1234).Serialize()));

        var latched = RtpEndpointSettings.Parse(new RtpEndpointOptions { Id = "x", TalkGroup = "g", Listen = "127.0.0.1:40000" }, "k");
        Assert.True(latched.AllowedSources.IsAllowed(new IPEndPoint(IPAddress.Loopback, 9).Serialize()));
        Assert.False(latched.AllowedSources.IsAllowed(new IPEndPoint(IPAddress.Parse("192.0.2.8"), 9).Serialize()));
    }

    [Theory]
    [InlineData("10.1.0.0/16", "10.1.200.3", true)]
    [InlineData("10.1.0.0/16", "10.2.0.1", false)]
    [InlineData("192.168.1.128/25", "192.168.1.200", true)]
    [InlineData("192.168.1.128/25", "192.168.1.100", false)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("10.0.0.5", "10.0.0.5", true)]
    public void SourceFilter_CidrPrefixes_MatchRawSocketAddresses(string prefix, string address, bool allowed)
    {
        var filter = SourceFilter.Parse([prefix], "k");
        Assert.Equal(allowed, filter.IsAllowed(new IPEndPoint(IPAddress.Parse(address), 5004).Serialize()));
    }

    [Fact]
    public void SourceRateLimiter_OverLimit_RefusesUntilNextSecond()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var limiter = new SourceRateLimiter(3, time);
        var a = new IPEndPoint(IPAddress.Loopback, 1000).Serialize();
        var b = new IPEndPoint(IPAddress.Loopback, 1002).Serialize();

        Assert.True(limiter.TryAcquire(a) && limiter.TryAcquire(a) && limiter.TryAcquire(a));
        Assert.False(limiter.TryAcquire(a));
        Assert.True(limiter.TryAcquire(b));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(a));
    }
}
