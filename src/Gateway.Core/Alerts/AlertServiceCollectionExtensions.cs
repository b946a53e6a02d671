using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gateway.Core.Alerts;

/// <summary>
/// Registers the alert engine (after <c>AddGatewayCore()</c>): <see cref="AlertEngine"/> as a singleton and hosted service,
/// and an <see cref="InMemoryAlertStore"/> unless storage registered a persistent <see cref="IAlertStore"/>.
/// The host binds <c>Gateway:Alerts</c> to <see cref="AlertOptions"/> (e.g. <c>services.Configure&lt;AlertOptions&gt;(section)</c>).
/// </summary>
public static class AlertServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayAlerts(this IServiceCollection services, Action<AlertOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AlertOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<IAlertStore, InMemoryAlertStore>();
        services.TryAddSingleton<AlertEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEngine>());
        return services;
    }
}
