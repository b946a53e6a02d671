using Gateway.Audio.Codecs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Gateway.Audio;

/// <summary>DI registration of the audio engine.</summary>
public static class AudioServiceCollectionExtensions
{
    /// <summary>Registers <see cref="CodecFactory"/> as the singleton <see cref="ICodecFactory"/>.</summary>
    public static IServiceCollection AddGatewayAudio(this IServiceCollection services) => services.AddGatewayAudio(null);

    /// <summary>Registers <see cref="CodecFactory"/> as the singleton <see cref="ICodecFactory"/>, with options.</summary>
    public static IServiceCollection AddGatewayAudio(this IServiceCollection services, Action<CodecFactoryOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var options = new CodecFactoryOptions();
            configure?.Invoke(options);
            return new CodecFactory(options, sp.GetService<ILogger<CodecFactory>>());
        });
        services.TryAddSingleton<ICodecFactory>(sp => sp.GetRequiredService<CodecFactory>());
        return services;
    }
}
