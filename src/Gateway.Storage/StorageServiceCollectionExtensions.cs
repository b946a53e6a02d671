using Gateway.Storage.Configuration;
using Gateway.Storage.Recording;
using Gateway.Storage.Repositories;
using Gateway.Storage.Sqlite;
using Gateway.Storage.Writing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Storage;

/// <summary>Composition of the storage feature.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds storage from the root configuration (<c>Gateway:Storage</c>, <c>Gateway:Recording</c>); throws
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> listing every bad key.
    /// Call it before <c>AddGatewayCore</c> so the writer starts before and stops after the core.
    /// </summary>
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var (storage, recording) = StorageConfiguration.Read(configuration);
        return services.AddGatewayStorage(storage, recording);
    }

    /// <summary>Adds storage with explicit options (validated the same way).</summary>
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, StorageOptions storage, RecordingOptions? recording = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storage);
        recording ??= new RecordingOptions();
        var errors = StorageConfiguration.Validate(storage, recording);
        if (errors.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(StorageConfiguration.StorageSection, typeof(StorageOptions), errors);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(storage);
        services.AddSingleton(recording);
        services.AddSingleton(sp => new SqliteDatabase(
            storage.ConnectionString,
            sp.GetRequiredService<TimeProvider>(),
            (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger("Gateway.Storage") ?? NullLogger.Instance));

        services.AddSingleton<SqliteTopologyRepository>();
        services.AddSingleton<ITalkGroupRepository>(sp => sp.GetRequiredService<SqliteTopologyRepository>());
        services.AddSingleton<IUnitRepository>(sp => sp.GetRequiredService<SqliteTopologyRepository>());
        services.AddSingleton<IEndpointRepository>(sp => sp.GetRequiredService<SqliteTopologyRepository>());
        services.AddSingleton<IPatchRepository>(sp => sp.GetRequiredService<SqliteTopologyRepository>());
        services.AddSingleton<ICallRepository, SqliteCallRepository>();
        services.AddSingleton<IRecordingRepository, SqliteRecordingRepository>();
        services.AddSingleton<IDutyRepository, SqliteDutyRepository>();
        services.AddSingleton<IAlertRepository, SqliteAlertRepository>();
        services.AddSingleton<IAuditLog, SqliteAuditLog>();
        services.AddSingleton<IEventBatchStore, SqliteEventBatchStore>();
        services.AddSingleton<IRetentionStore, SqliteRetentionStore>();
        services.AddSingleton<IRecordingStore, RecordingStore>();

        // Last unit positions for the core's position registry (replaces its in-memory default, whatever the order).
        services.Replace(ServiceDescriptor.Singleton<Gateway.Core.Positions.IPositionStore, Positions.SqlitePositionStore>());

        services.AddSingleton<StorageEventWriter>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StorageEventWriter>());
        services.AddSingleton<RetentionService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RetentionService>());
        if (recording.Enabled)
        {
            // Needs the core (ISwitchboard, IEventBus, IHealthRegistry) and the audio engine (ICodecFactory).
            services.AddSingleton<RecordingService>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RecordingService>());
        }

        return services;
    }
}
