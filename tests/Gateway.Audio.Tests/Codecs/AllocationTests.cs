using Gateway.Audio.Codecs;
using Gateway.Audio.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Codecs;

/// <summary>Steady-state codec paths must not allocate (performance.md): measured after a warm-up.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Profiles => new() { "pcmu", "pcma", "l16", "l16-8k", "opus-native" };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void EncodeDecode_SteadyState_AllocatesNothing(string name)
    {
        var factory = new CodecFactory();
        var profile = name switch
        {
            "pcmu" => CodecProfile.Pcmu,
            "pcma" => CodecProfile.Pcma,
            "l16" => CodecProfile.Pcm48k,
            "l16-8k" => new CodecProfile(CodecKind.L16, 8_000, 0),
            _ => CodecProfile.Opus(32_000),
        };
        Assert.Equal(OpusImplementation.Native, factory.OpusImplementation);
        using var encoder = factory.CreateEncoder(profile);
        using var decoder = factory.CreateDecoder(profile);
        var frame = Signal.Sine(1000, 0.3, 960, 48_000);
        var payload = new byte[4_000];
        var output = new float[960];

        void Run(int frames)
        {
            for (var i = 0; i < frames; i++)
            {
                var n = encoder.Encode(frame, payload);
                decoder.Decode(payload.AsSpan(0, n), output);
                if (i % 10 == 0)
                {
                    decoder.DecodeLost(payload.AsSpan(0, n), output, 960);
                    decoder.DecodeLost(ReadOnlySpan<byte>.Empty, output, 960);
                }
            }
        }

        Run(50);

        Assert.Equal(0, SteadyStateAllocation.QuietestWindow(() => Run(200)));
    }
}
