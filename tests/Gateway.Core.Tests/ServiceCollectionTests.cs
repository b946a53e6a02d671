using Gateway.Audio.Codecs;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Metrics;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Core.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Tests;

public sealed class ServiceCollectionTests
{
    [Fact]
    public void AddGatewayCore_WithCodecFactoryFromHost_ResolvesSingletons()
    {
        var services = new ServiceCollection().AddLogging().AddGatewayCore();
        services.AddSingleton<ICodecFactory, TestL16CodecFactory>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var switchboard = provider.GetRequiredService<ISwitchboard>();
        Assert.Same(switchboard, provider.GetRequiredService<ISwitchboard>());
        Assert.NotNull(provider.GetRequiredService<IEventBus>());
        Assert.NotNull(provider.GetRequiredService<IHealthRegistry>());
        Assert.NotNull(provider.GetRequiredService<IUnitDirectory>());
        Assert.NotNull(provider.GetRequiredService<GatewayMetrics>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        switchboard.UpsertTalkGroup(TalkGroups.TalkGroupSettings.Default(new Identity.TalkGroupId("g")));
        Assert.Single(switchboard.TalkGroups);
    }

    [Fact]
    public void AddGatewayCore_DoesNotRegisterCodecFactory_AndKeepsHostRegistrations()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddGatewayCore();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ICodecFactory));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ILoggerFactory)); // Logging is the host's to configure.
    }
}
