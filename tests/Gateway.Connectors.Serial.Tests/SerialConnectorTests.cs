using Gateway.Audio;
using Gateway.Core;
using Gateway.Core.TalkGroups;
using Gateway.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Connectors.Serial.Tests;

public sealed class SerialConnectorTests
{
    [Fact]
    public async Task AddSerialConnector_VoxRadio_StartsAttachedAndStops()
    {
        var dir = Directory.CreateTempSubdirectory("gw-serial-di");
        var rx = Path.Combine(dir.FullName, "rx.raw");
        await File.WriteAllBytesAsync(rx, new byte[8000 * 2]);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>)); // Core services take ILogger<T>
        services.AddGatewayAudio();
        services.AddGatewayCore();
        services.AddSerialConnector(o => o.Radios.Add(new SerialRadioOptions
        {
            Id = "handheld",
            TalkGroup = "tg",
            Ptt = { Method = "none" },
            Squelch = { Method = "vox" },
            Audio = { Capture = "file:" + rx, Playback = "file:" + Path.Combine(dir.FullName, "tx.raw"), SampleRate = 8000 },
        }));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ISwitchboard>().UpsertTalkGroup(TalkGroupSettings.Default(new TalkGroupId("tg")));
        var hosted = provider.GetServices<IHostedService>().OfType<SerialConnector>().Single();

        await hosted.StartAsync(CancellationToken.None);
        var endpoint = Assert.Single(provider.GetRequiredService<ISwitchboard>().Endpoints, e => e.Id.Value == "handheld");
        Assert.Contains(new TalkGroupId("tg"), endpoint.TalkGroups);
        await hosted.StopAsync(CancellationToken.None);

        Assert.Empty(hosted.Channels);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task StartAsync_InvalidConfiguration_ThrowsListingEveryProblem()
    {
        var options = new SerialConnectorOptions();
        options.Radios.Add(new SerialRadioOptions { Id = "", Ptt = { Method = "gpio" } });
        var connector = new SerialConnector(Options.Create(options), null!, null!, null!, TimeProvider.System, NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => connector.StartAsync(CancellationToken.None));
        Assert.Contains(ex.Failures, f => f.Contains("Serial[0]:Id", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Serial[0]:Ptt:Method", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Serial[0]:Audio:Capture", StringComparison.Ordinal));
    }
}
