using Gateway.Audio.Codecs;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Audio.Tests.Codecs;

public sealed class CodecFactoryTests
{
    [Fact]
    public void AddGatewayAudio_Registration_ResolvesSingletonCodecFactory()
    {
        var services = new ServiceCollection().AddGatewayAudio(o => o.PreferNativeOpus = false);
        var provider = new MiniProvider(services);
        var a = provider.GetService(typeof(ICodecFactory));
        var b = provider.GetService(typeof(ICodecFactory));
        var factory = Assert.IsType<CodecFactory>(a);
        Assert.Same(a, b);
        Assert.Equal(OpusImplementation.Managed, factory.OpusImplementation);
        Assert.All(services, d => Assert.Equal(ServiceLifetime.Singleton, d.Lifetime));
    }

    [Theory]
    [InlineData(CodecKind.Opus, 8_000)]
    [InlineData(CodecKind.Pcmu, 16_000)]
    [InlineData(CodecKind.L16, 11_025)]
    public void CreateEncoder_InvalidProfile_ThrowsNamingTheRate(CodecKind kind, int rate)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CodecFactory().CreateEncoder(new CodecProfile(kind, rate, 0)));
        Assert.Contains(rate.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEncoder_L16At16k_ProducesHalfFrameBytes()
    {
        using var encoder = new CodecFactory().CreateEncoder(new CodecProfile(CodecKind.L16, 16_000, 0));
        var payload = new byte[4000];
        var total = 0;
        for (var i = 0; i < 10; i++)
        {
            total += encoder.Encode(new float[960], payload);
        }

        Assert.InRange(total, (3200 - 4) * 2, 3200 * 2);
    }

    [Fact]
    public void L16At48k_RoundTrip_IsExactTo16Bits()
    {
        var factory = new CodecFactory();
        using var encoder = factory.CreateEncoder(CodecProfile.Pcm48k);
        using var decoder = factory.CreateDecoder(CodecProfile.Pcm48k);
        var frame = Support.Signal.Sine(440, 0.7, 960, 48_000);
        var payload = new byte[1920];
        Assert.Equal(1920, encoder.Encode(frame, payload));
        Assert.Equal((short)Math.Round(frame[1] * 32768), BitConverter.ToInt16(payload, 2));
        var output = new float[960];
        Assert.Equal(960, decoder.Decode(payload, output));
        for (var i = 0; i < 960; i++)
        {
            Assert.InRange(output[i] - frame[i], -0.5f / 32768, 0.5f / 32768);
        }
    }

    /// <summary>Just enough of a service provider to run singleton factories (the full container is not a dependency here).</summary>
    private sealed class MiniProvider(IServiceCollection services) : IServiceProvider
    {
        private readonly Dictionary<Type, object> _singletons = [];

        public object? GetService(Type serviceType)
        {
            if (_singletons.TryGetValue(serviceType, out var existing))
            {
                return existing;
            }

            var descriptor = services.LastOrDefault(d => d.ServiceType == serviceType);
            if (descriptor?.ImplementationFactory is null)
            {
                return null;
            }

            var instance = descriptor.ImplementationFactory(this);
            _singletons[serviceType] = instance;
            return instance;
        }
    }
}
