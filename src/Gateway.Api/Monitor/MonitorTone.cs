using System.Buffers.Binary;
using Gateway.Api.V1;
using Gateway.Audio.Codecs;
using Google.Protobuf;
using AudioFormat = Gateway.Audio.AudioFormat;
using WireFormat = Gateway.Api.V1.AudioFormat;

namespace Gateway.Api.Monitor;

/// <summary>
/// Turns a gateway tone (e.g. the emergency alert tone) into Monitor audio frames in the stream's wire format. The tone goes to
/// the dispatcher's monitor only: it is not a transmission, so it takes no floor and no radio hears it.
/// </summary>
internal sealed class MonitorTone : IDisposable
{
    private readonly WireFormat _format;
    private readonly IAudioEncoder? _encoder;
    private readonly byte[] _payload = new byte[1275];

    public MonitorTone(WireFormat format, ICodecFactory codecs)
    {
        _format = format;
        _encoder = format == WireFormat.Opus ? codecs.CreateEncoder(CodecProfile.Opus()) : null;
    }

    /// <summary>The frames of <paramref name="samples"/> (48 kHz mono), the last one zero-padded.</summary>
    public IEnumerable<MonitorAudio> Frames(string group, string toneName, float[] samples)
    {
        var frame = new float[AudioFormat.FrameSamples];
        var count = (samples.Length + AudioFormat.FrameSamples - 1) / AudioFormat.FrameSamples;
        for (var i = 0; i < count; i++)
        {
            Array.Clear(frame);
            var start = i * AudioFormat.FrameSamples;
            samples.AsSpan(start, Math.Min(AudioFormat.FrameSamples, samples.Length - start)).CopyTo(frame);
            yield return new MonitorAudio
            {
                TalkGroupId = group,
                Sequence = i,
                Format = _format,
                Samples = AudioFormat.FrameSamples,
                StartOfTransmission = i == 0,
                EndOfTransmission = i == count - 1,
                AlertTone = toneName,
                Data = Encode(frame),
            };
        }
    }

    private ByteString Encode(float[] frame)
    {
        if (_encoder is not null)
        {
            var length = _encoder.Encode(frame, _payload);
            return ByteString.CopyFrom(_payload, 0, length);
        }

        var bytes = new byte[frame.Length * 2];
        for (var i = 0; i < frame.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), PcmConversion.ToInt16(frame[i]));
        }

        return ByteString.CopyFrom(bytes);
    }

    public void Dispose() => _encoder?.Dispose();
}
