using Gateway.Audio.Codecs;
using Gateway.Audio.Codecs.Opus;
using Gateway.Audio.Tests.Support;

namespace Gateway.Audio.Tests.Codecs;

public sealed class OpusCodecTests
{
    public static TheoryData<OpusImplementation> Implementations => new() { OpusImplementation.Native, OpusImplementation.Managed };

    internal static CodecFactory Factory(OpusImplementation implementation) =>
        new(new CodecFactoryOptions { PreferNativeOpus = implementation == OpusImplementation.Native });

    [Fact]
    public void CodecFactory_DebianLibopus_UsesNativeLibopus()
    {
        var factory = new CodecFactory();
        Assert.Equal(OpusImplementation.Native, factory.OpusImplementation);
        Assert.StartsWith("libopus", factory.OpusVersion, StringComparison.Ordinal);
        using var encoder = (OpusEncoderAdapter)factory.CreateEncoder(CodecProfile.Opus());
        Assert.StartsWith("libopus", encoder.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void CodecFactory_NativeDisabled_UsesManagedConcentus()
    {
        var factory = Factory(OpusImplementation.Managed);
        Assert.Equal(OpusImplementation.Managed, factory.OpusImplementation);
        Assert.StartsWith("Concentus", factory.OpusVersion, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void SetSourceSampleRate_NarrowbandSource_CodesNarrowbandAndKeepsTheSpeechBand(OpusImplementation implementation)
    {
        var factory = Factory(implementation);
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(32_000));
        using var decoder = factory.CreateDecoder(CodecProfile.Opus(32_000));

        // 1 kHz (inside the telephone band) plus wideband noise, as a full-band source would carry.
        var noise = Signal.WhiteNoise(48_000, 0.05, seed: 7);
        var input = Signal.Sine(1000, 0.4, 48_000, 48_000).Select((s, i) => s + noise[i]).ToArray();
        var payload = new byte[AudioFormat.MaxPacketBytes];
        var output = new float[48_000];

        int[] Bandwidths(int from, int to)
        {
            var bandwidths = new List<int>();
            for (var f = from; f < to; f++)
            {
                var n = encoder.Encode(input.AsSpan(f * 960, 960), payload);
                bandwidths.Add(OpusPacket.GetBandwidthHz(payload[0]));
                Assert.Equal(960, decoder.Decode(payload.AsSpan(0, n), output.AsSpan(f * 960, 960)));
            }

            return [.. bandwidths];
        }

        var fullBand = Bandwidths(0, 25);
        encoder.SetSourceSampleRate(8_000);
        var narrow = Bandwidths(25, 50);

        Assert.True(fullBand.Skip(5).All(b => b > 4_000), "a full-band source is coded wider than narrowband: " + string.Join(",", fullBand));
        Assert.True(narrow.Skip(5).All(b => b == 4_000), "after the hint only narrowband: " + string.Join(",", narrow));
        Assert.InRange(Signal.PeakFrequency(output.AsSpan(38_400, 9_600), 48_000, 900, 1100), 995, 1005);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void EncodeDecode_1kHzTone_KeepsFrequencyAndLevel(OpusImplementation implementation)
    {
        var factory = Factory(implementation);
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(32_000));
        using var decoder = factory.CreateDecoder(CodecProfile.Opus(32_000));
        var input = Signal.Sine(1000, 0.5, 48_000, 48_000);
        var output = new float[48_000];
        var payload = new byte[AudioFormat.MaxPacketBytes];
        for (var f = 0; f < 50; f++)
        {
            var n = encoder.Encode(input.AsSpan(f * 960, 960), payload);
            Assert.InRange(n, 10, 200);
            Assert.Equal(960, OpusPacket.GetSampleCount(payload.AsSpan(0, n)));
            Assert.Equal(960, decoder.Decode(payload.AsSpan(0, n), output.AsSpan(f * 960, 960)));
        }

        var steady = output.AsSpan(9600, 28_800);
        Assert.InRange(Signal.PeakFrequency(steady, 48_000, 900, 1100), 998, 1002);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(steady, 1000, 48_000) / 0.5), -1.5, 1.0);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Decode_NativeAndManagedStreams_Interoperate(OpusImplementation encoderSide)
    {
        var decoderSide = encoderSide == OpusImplementation.Native ? OpusImplementation.Managed : OpusImplementation.Native;
        using var encoder = Factory(encoderSide).CreateEncoder(CodecProfile.Opus(24_000));
        using var decoder = Factory(decoderSide).CreateDecoder(CodecProfile.Opus(24_000));
        var input = Signal.Sine(440, 0.3, 24_000, 48_000);
        var output = new float[24_000];
        var payload = new byte[AudioFormat.MaxPacketBytes];
        for (var f = 0; f < 25; f++)
        {
            var n = encoder.Encode(input.AsSpan(f * 960, 960), payload);
            decoder.Decode(payload.AsSpan(0, n), output.AsSpan(f * 960, 960));
        }

        Assert.InRange(Signal.PeakFrequency(output.AsSpan(9600, 9600), 48_000, 400, 480), 438, 442);
    }

    [Theory]
    [InlineData(OpusImplementation.Native, 480)]
    [InlineData(OpusImplementation.Native, 1920)]
    [InlineData(OpusImplementation.Native, 2880)]
    [InlineData(OpusImplementation.Managed, 480)]
    [InlineData(OpusImplementation.Managed, 1920)]
    [InlineData(OpusImplementation.Managed, 2880)]
    public void Decode_10To60msPackets_ReturnsPacketDuration(OpusImplementation implementation, int frameSamples)
    {
        var factory = Factory(implementation);
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(32_000));
        using var decoder = factory.CreateDecoder(CodecProfile.Opus(32_000));
        var input = Signal.Sine(800, 0.4, frameSamples * 4, 48_000);
        var payload = new byte[AudioFormat.MaxPacketBytes];
        var output = new float[OpusPacket.MaxSamples];
        for (var f = 0; f < 4; f++)
        {
            var n = encoder.Encode(input.AsSpan(f * frameSamples, frameSamples), payload);
            Assert.Equal(frameSamples, OpusPacket.GetSampleCount(payload.AsSpan(0, n)));
            Assert.Equal(frameSamples, decoder.Decode(payload.AsSpan(0, n), output));
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void DecodeLost_PlcAndFec_FillFrameCloseToSignal(OpusImplementation implementation)
    {
        var factory = Factory(implementation);
        using var encoder = factory.CreateOpusEncoder(new OpusEncoderSettings { Bitrate = 24_000, InbandFec = true, PacketLossPercent = 20 });
        using var decoder = factory.CreateDecoder(CodecProfile.Opus(24_000));
        var input = Signal.Sine(600, 0.4, 960 * 30, 48_000);
        var packets = new List<byte[]>();
        var payload = new byte[AudioFormat.MaxPacketBytes];
        for (var f = 0; f < 30; f++)
        {
            var n = encoder.Encode(input.AsSpan(f * 960, 960), payload);
            packets.Add(payload.AsSpan(0, n).ToArray());
        }

        var frame = new float[960];
        for (var f = 0; f < 20; f++)
        {
            decoder.Decode(packets[f], frame);
        }

        // Packet 20 lost: recover it from packet 21's FEC data.
        Assert.Equal(960, decoder.DecodeLost(packets[21], frame, 960));
        Assert.InRange(Signal.Rms(frame), 0.1, 0.5);
        decoder.Decode(packets[21], frame);

        // Packet 22 lost with nothing after it: concealment keeps the tone going.
        Assert.Equal(960, decoder.DecodeLost(ReadOnlySpan<byte>.Empty, frame, 960));
        Assert.InRange(Signal.Rms(frame), 0.05, 0.5);
        Assert.InRange(Signal.PeakFrequency(frame, 48_000, 500, 700), 590, 610);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Encode_DtxOnSilence_GivesTinyPackets(OpusImplementation implementation)
    {
        using var encoder = Factory(implementation).CreateOpusEncoder(new OpusEncoderSettings { Dtx = true, Bitrate = 16_000 });
        var payload = new byte[AudioFormat.MaxPacketBytes];
        var silence = new float[960];
        var last = 0;
        for (var f = 0; f < 30; f++)
        {
            last = encoder.Encode(silence, payload);
        }

        Assert.InRange(last, 0, 2);
    }

    [Fact]
    public void Decode_MalformedPacket_ThrowsInvalidData()
    {
        using var decoder = new CodecFactory().CreateDecoder(CodecProfile.Opus());
        var output = new float[OpusPacket.MaxSamples];
        Assert.Throws<InvalidDataException>(() => decoder.Decode(ReadOnlySpan<byte>.Empty, output));
        Assert.Throws<InvalidDataException>(() => decoder.Decode(new byte[] { 0x03 }, output));
    }

    [Theory]
    [InlineData(0x78, 960)] // hybrid FB 20 ms
    [InlineData(0x08, 960)] // SILK NB 20 ms
    [InlineData(0xF8, 960)] // CELT FB 20 ms
    [InlineData(0x18, 2880)] // SILK NB 60 ms
    [InlineData(0xE0, 120)] // CELT FB 2.5 ms
    public void GetSampleCount_SingleFramePackets_FollowsToc(byte toc, int expected) =>
        Assert.Equal(expected, OpusPacket.GetSampleCount(new[] { toc, (byte)0 }));

    [Fact]
    public void GetSampleCount_Code3TooLong_IsMalformed() =>
        Assert.Equal(-1, OpusPacket.GetSampleCount(new byte[] { 0x1B, 3 })); // 3 × 60 ms > 120 ms
}
