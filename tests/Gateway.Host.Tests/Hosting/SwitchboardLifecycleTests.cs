using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Gateway.Host.Configuration;
using Gateway.Host.Hosting;
using Gateway.Host.Tests.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Host.Tests.Hosting;

/// <summary>The lifecycle against the real core: configured groups and units are loaded; shutdown ends every transmission and call.</summary>
public sealed class SwitchboardLifecycleTests : IDisposable
{
    private static readonly TalkGroupId Sports = new("tianhe-sports");
    private readonly ServiceProvider _services;
    private readonly SwitchboardLifecycle _lifecycle;

    public SwitchboardLifecycleTests()
    {
        var options = GatewayOptionsLoader.Load(SampleConfiguration.Valid().ToConfiguration(), out var problems) ?? throw new InvalidOperationException(string.Join("\n", problems));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero)));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddGatewayAudio();
        services.AddGatewayCore();
        services.AddSingleton(options);
        services.AddSingleton<SwitchboardLifecycle>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _lifecycle = _services.GetRequiredService<SwitchboardLifecycle>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task StartingAsync_Configuration_LoadsTalkGroupsAndUnits()
    {
        await _lifecycle.StartingAsync(CancellationToken.None);

        var switchboard = _services.GetRequiredService<ISwitchboard>();
        Assert.Equal(["tianhe-1", "tianhe-2", "tianhe-sports"], switchboard.TalkGroups.Select(g => g.Settings.Id.Value).Order(StringComparer.Ordinal));
        var sports = switchboard.FindTalkGroup(Sports)!.Settings;
        Assert.Equal(("Tianhe Sports Centre", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60), true), (sports.Name, sports.HangTime, sports.MaxTransmit, sports.Record));

        var unit = _services.GetRequiredService<IUnitDirectory>().FindByIdentity(UnitIdentityKind.MumbleUser, "patrol3");
        Assert.NotNull(unit);
        Assert.Equal([Sports], unit.Settings.TalkGroups);
    }

    [Fact]
    public async Task StoppingAsync_TransmissionInProgress_EndsItWithShutdownAndClosesTheCall()
    {
        await _lifecycle.StartingAsync(CancellationToken.None);
        var switchboard = _services.GetRequiredService<ISwitchboard>();
        var talker = new InMemoryEndpoint(new EndpointId("console-a"), CodecProfile.Pcm48k);
        var listener = new InMemoryEndpoint(new EndpointId("radio-1"), CodecProfile.Pcm48k);
        switchboard.Attach(talker, Sports);
        switchboard.Attach(listener, Sports);
        using var events = _services.GetRequiredService<IEventBus>().Subscribe("test");
        var outcome = switchboard.RequestFloor(new FloorRequest(Sports, new Talker(talker.Id, null, "Console A"), Priority.Dispatcher));
        Assert.Equal(FloorOutcomeKind.Granted, outcome.Kind);
        switchboard.SubmitFrame(talker.Id, Sports, new float[960], [], CodecProfile.Pcm48k, Gateway.Core.Media.FrameFlags.None);

        await _lifecycle.StoppingAsync(CancellationToken.None);

        Assert.True(talker.Notices.TryRead(out var notice));
        Assert.Equal((FloorNoticeKind.Revoked, TransmissionEndReason.Shutdown), (notice.Kind, notice.RevokeReason));
        Assert.Equal(1, listener.EndsOfTransmission);
        var published = new List<GatewayEvent>();
        while (events.Reader.TryRead(out var e))
        {
            published.Add(e);
        }

        Assert.Contains(published, e => e is FloorRevoked { Reason: TransmissionEndReason.Shutdown } revoked && revoked.Group == Sports && revoked.Grant.Talker.Endpoint == talker.Id);
        Assert.Contains(published, e => e is CallEnded { Transmissions: 1 } ended && ended.Group == Sports);
        Assert.Equal(FloorOutcomeKind.Denied, switchboard.RequestFloor(new FloorRequest(Sports, new Talker(talker.Id, null, "Console A"), Priority.Emergency)).Kind);
    }
}
