using Gateway.Core.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Storage.Alerts;

/// <summary>Makes the alert engine keep its alerts in SQLite (call after <c>AddGatewayStorage</c>; order with <c>AddGatewayAlerts</c> does not matter).</summary>
public static class AlertStorageServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayAlertStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IAlertStore, StorageAlertStore>());
        return services;
    }
}
