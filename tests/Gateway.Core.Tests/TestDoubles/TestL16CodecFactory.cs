using System.Buffers.Binary;
using Gateway.Audio;
using Gateway.Audio.Codecs;

namespace Gateway.Core.Tests.TestDoubles;

/// <summary>
/// Test-only codecs: L16 at 48 kHz is exact (float = s16 / 32768, and back with rounding), so a PCM path is
/// sample-accurate; any other profile gets a deterministic fake encoding (first samples as L16 plus a profile marker)
/// so fan-out can be checked without the audio branch. Counts every encode and decode.
/// </summary>
internal sealed class TestL16CodecFactory : ICodecFactory
{
    private long _encodes;
    private long _decodes;
    private long _encodersCreated;

    public long Encodes => Interlocked.Read(ref _encodes);

    public long Decodes => Interlocked.Read(ref _decodes);

    public long EncodersCreated => Interlocked.Read(ref _encodersCreated);

    public IAudioEncoder CreateEncoder(CodecProfile profile)
    {
        Interlocked.Increment(ref _encodersCreated);
        return new Encoder(this, profile);
    }

    public IAudioDecoder CreateDecoder(CodecProfile profile) => new Decoder(this, profile);

    public static short ToS16(float sample) => (short)Math.Clamp(MathF.Round(sample * 32768f), short.MinValue, short.MaxValue);

    public static void EncodeL16(ReadOnlySpan<float> frame, Span<byte> payload)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(payload[(i * 2)..], ToS16(frame[i]));
        }
    }

    public static short[] DecodeL16(ReadOnlySpan<byte> payload)
    {
        var samples = new short[payload.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(payload[(i * 2)..]);
        }

        return samples;
    }

    private sealed class Encoder(TestL16CodecFactory owner, CodecProfile profile) : IAudioEncoder
    {
        public CodecProfile Profile { get; } = profile;

        public int Encode(ReadOnlySpan<float> frame48k, Span<byte> payload)
        {
            Interlocked.Increment(ref owner._encodes);
            if (Profile == CodecProfile.Pcm48k)
            {
                EncodeL16(frame48k, payload);
                return frame48k.Length * 2;
            }

            // A fake "compressed" frame: a marker byte for the codec then 16 samples as L16.
            payload[0] = (byte)(0xA0 + (int)Profile.Codec);
            EncodeL16(frame48k[..16], payload[1..]);
            return 33;
        }

        public void Dispose()
        {
        }
    }

    private sealed class Decoder(TestL16CodecFactory owner, CodecProfile profile) : IAudioDecoder
    {
        public CodecProfile Profile { get; } = profile;

        public int Decode(ReadOnlySpan<byte> payload, Span<float> output48k)
        {
            Interlocked.Increment(ref owner._decodes);
            if (Profile != CodecProfile.Pcm48k)
            {
                throw new NotSupportedException("The test factory only decodes L16/48000.");
            }

            var samples = payload.Length / 2;
            for (var i = 0; i < samples; i++)
            {
                output48k[i] = BinaryPrimitives.ReadInt16LittleEndian(payload[(i * 2)..]) / 32768f;
            }

            return samples;
        }

        public int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<float> output48k, int samples)
        {
            output48k[..samples].Clear();
            return samples;
        }

        public void Reset()
        {
        }

        public void Dispose()
        {
        }
    }
}
