using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Connectors.Serial;

public static class SerialConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the serial radio connector as a hosted service. The host binds <c>Gateway:Connectors:Serial</c> into
    /// <see cref="SerialConnectorOptions.Radios"/> in <paramref name="configure"/>. Needs <c>AddGatewayCore()</c>.
    /// </summary>
    public static IServiceCollection AddSerialConnector(this IServiceCollection services, Action<SerialConnectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SerialConnector>();
        services.AddHostedService(sp => sp.GetRequiredService<SerialConnector>());
        return services;
    }
}
