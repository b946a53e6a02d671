using Gateway.Audio;
using Gateway.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Storage.Tests.Support;

/// <summary>A generic host composed as the gateway composes storage: storage first, then the core and the audio engine.</summary>
public static class StorageHostBuilder
{
    public static IHost Build(string databasePath, string recordingDirectory, TimeProvider? time = null, int retentionDays = 30)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Storage:Provider"] = "sqlite",
            ["Gateway:Storage:ConnectionString"] = $"Data Source={databasePath}",
            ["Gateway:Recording:Enabled"] = "true",
            ["Gateway:Recording:Directory"] = recordingDirectory,
            ["Gateway:Recording:RetentionDays"] = retentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Recording:MinFreeMegabytes"] = "1",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddGatewayStorage(builder.Configuration);
        builder.Services.AddGatewayCore();
        builder.Services.AddGatewayAudio();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        return builder.Build();
    }
}
