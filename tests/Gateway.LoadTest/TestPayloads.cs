using Gateway.Audio;
using Gateway.Audio.Codecs;

namespace Gateway.LoadTest;

/// <summary>
/// Talker payloads that identify their frame at the listener. Opus: a cycle of pre-encoded frames of a swept tone,
/// every payload distinct, so a pass-through packet is recognised by a hash of its bytes. PCMU: the frame's
/// <see cref="FrameTone"/> dual tone (which survives transcoding to Opus), with the frame number in the least significant
/// bits of its first 48 µ-law codes (read back exactly from pass-through payloads; a one-step change of a µ-law code is
/// noise 40 dB under the tone, so the transcoded audio still carries a clean tone).
/// </summary>
internal sealed class TestPayloads
{
    public const int PcmuBytes = 160;
    private readonly Dictionary<ulong, int> _opusIndex = [];
    private readonly byte[][] _opus;
    private const int StampBits = 48;
    private const uint StampCheck = 0xA55A;
    private readonly byte[][] _pcmuTones = new byte[FrameTone.Cycle][];

    public TestPayloads(int opusCycle, ICodecFactory? codecs)
    {
        _opus = new byte[opusCycle][];
        for (var r = 0; r < FrameTone.Cycle; r++)
        {
            _pcmuTones[r] = new byte[PcmuBytes];
            for (var i = 0; i < PcmuBytes; i++)
            {
                _pcmuTones[r][i] = MuLaw((short)(FrameTone.Sample(r, i, 8000) * 32767));
            }
        }

        if (opusCycle == 0 || codecs is null)
        {
            return;
        }

        using var encoder = codecs.CreateEncoder(CodecProfile.Opus());
        var frame = new float[AudioFormat.FrameSamples];
        var buffer = new byte[1500];
        var random = new Random(12);
        double phase = 0;
        for (var i = 0; i < opusCycle; i++)
        {
            // A slow sweep 300..3300 Hz plus faint noise: speech-like sizes, and payloads that never repeat.
            var frequency = 300 + (3000 * ((i % 500) / 500.0));
            for (var s = 0; s < frame.Length; s++)
            {
                phase += 2 * Math.PI * frequency / AudioFormat.SampleRate;
                frame[s] = (float)((0.25 * Math.Sin(phase)) + (0.01 * (random.NextDouble() - 0.5)));
            }

            var length = encoder.Encode(frame, buffer);
            var payload = buffer.AsSpan(0, length).ToArray();
            if (!_opusIndex.TryAdd(Hash(payload), i))
            {
                i--; // identical frame (vanishingly rare): encode the next slice of signal instead
                continue;
            }

            _opus[i] = payload;
        }
    }

    public int OpusCycle => _opus.Length;

    public double AverageOpusBytes => _opus.Length == 0 ? 0 : _opus.Average(p => p.Length);

    public ReadOnlySpan<byte> Opus(long frame) => _opus[frame % _opus.Length];

    /// <summary>The frame's position in the Opus cycle, or -1 when the payload is not one of ours (transcoded).</summary>
    public int OpusCycleIndex(ReadOnlySpan<byte> payload) => _opusIndex.TryGetValue(Hash(payload), out var i) ? i : -1;

    public void WritePcmu(long frame, Span<byte> destination)
    {
        _pcmuTones[FrameTone.Residue(frame)].CopyTo(destination);
        var stamp = ((ulong)(uint)frame << 16) | Check((uint)frame);
        for (var i = 0; i < StampBits; i++)
        {
            var bit = (byte)((stamp >> (StampBits - 1 - i)) & 1);
            destination[i] = (byte)((destination[i] & 0xFE) | bit);
        }
    }

    /// <summary>The frame number written by <see cref="WritePcmu"/>, or -1 (not one of our payloads).</summary>
    public static long ReadPcmu(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != PcmuBytes)
        {
            return -1;
        }

        ulong stamp = 0;
        for (var i = 0; i < StampBits; i++)
        {
            stamp = (stamp << 1) | (uint)(payload[i] & 1);
        }

        var value = (uint)(stamp >> 16);
        return (stamp & 0xFFFF) == Check(value) ? value : -1;
    }

    private static uint Check(uint value) => StampCheck ^ (value & 0xFFFF) ^ (value >> 16);

    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        // FNV-1a, 64 bit: enough to tell a few thousand distinct payloads apart.
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    internal static byte MuLaw(short pcm)
    {
        const int Bias = 0x84;
        var sign = (pcm >> 8) & 0x80;
        var magnitude = Math.Min(sign != 0 ? -pcm : pcm, 32635) + Bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }
}
