using Gateway.Audio.Codecs;
using Gateway.Audio.Codecs.Opus;
using Gateway.Audio.Jitter;
using Gateway.Audio.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Jitter;

public sealed class JitterBufferDecodeTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static List<byte[]> EncodeTone(IAudioEncoder encoder, double frequency, int frames, int frameSamples = 960)
    {
        var tone = Signal.Sine(frequency, 0.4, frames * frameSamples, 48_000);
        var payload = new byte[AudioFormat.MaxPacketBytes * 3];
        var packets = new List<byte[]>();
        for (var f = 0; f < frames; f++)
        {
            packets.Add(payload.AsSpan(0, encoder.Encode(tone.AsSpan(f * frameSamples, frameSamples), payload)).ToArray());
        }

        return packets;
    }

    /// <summary>Pushes packets (20 ms apart on the media clock, <paramref name="packetMs"/> each) and ticks every 20 ms; returns all PCM.</summary>
    private static float[] Play(JitterBuffer buffer, List<byte[]> packets, int packetMs, Func<int, bool> drop, int tsPerPacket)
    {
        var pcm = new List<float>();
        var frame = new float[960];
        var packetIndex = 0;
        var end = TimeSpan.FromMilliseconds((packets.Count * packetMs) + 400);
        for (var tick = 7 * Ms; tick < end; tick += 20 * Ms)
        {
            while (packetIndex < packets.Count && TimeSpan.FromMilliseconds((packetIndex * packetMs) + 30) <= tick)
            {
                if (!drop(packetIndex))
                {
                    buffer.Push((ushort)(5000 + packetIndex), (uint)(packetIndex * tsPerPacket), packets[packetIndex], TimeSpan.FromMilliseconds((packetIndex * packetMs) + 30));
                }

                packetIndex++;
            }

            buffer.Pop(frame, [], tick);
            pcm.AddRange(frame);
        }

        return pcm.ToArray();
    }

    [Theory]
    [InlineData(OpusImplementation.Native)]
    [InlineData(OpusImplementation.Managed)]
    public void Pop_Opus5PercentLoss_RecoversWithFecAndKeepsTone(OpusImplementation implementation)
    {
        var factory = new CodecFactory(new CodecFactoryOptions { PreferNativeOpus = implementation == OpusImplementation.Native });
        using var encoder = factory.CreateOpusEncoder(new OpusEncoderSettings { Bitrate = 24_000, InbandFec = true, PacketLossPercent = 10 });
        var packets = EncodeTone(encoder, 600, 150);
        using var buffer = new JitterBuffer(CodecProfile.Opus(24_000), factory.CreateDecoder(CodecProfile.Opus(24_000)));
        var pcm = Play(buffer, packets, 20, i => i % 20 == 10, 960);

        var stats = buffer.Statistics;
        Assert.Equal(7, stats.Lost);
        Assert.Equal(7, stats.RecoveredByFec);
        var voiced = pcm.AsSpan(48_000 / 5, 48_000 * 2);
        Assert.InRange(Signal.PeakFrequency(voiced, 48_000, 500, 700), 598, 602);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(voiced, 600, 48_000) / 0.4), -2, 1);
    }

    [Theory]
    [InlineData(1920)]
    [InlineData(2880)]
    public void Pop_Opus40And60msPackets_YieldsContinuous20msFrames(int frameSamples)
    {
        var factory = new CodecFactory();
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(32_000));
        var packets = EncodeTone(encoder, 800, 40, frameSamples);
        using var buffer = new JitterBuffer(CodecProfile.Opus(32_000), factory.CreateDecoder(CodecProfile.Opus(32_000)));
        var pcm = Play(buffer, packets, frameSamples / 48, _ => false, frameSamples);
        Assert.Equal(0, buffer.Statistics.Lost);
        Assert.Equal(0, buffer.Statistics.Discarded);
        var voiced = pcm.AsSpan(9600, frameSamples * 30);
        Assert.InRange(Signal.PeakFrequency(voiced, 48_000, 700, 900), 798, 802);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(voiced, 800, 48_000) / 0.4), -1.5, 1);
    }

    [Fact]
    public void Pop_PcmuStream_DecodesAt48kWithLossConcealed()
    {
        var factory = new CodecFactory();
        using var encoder = factory.CreateEncoder(CodecProfile.Pcmu);
        var packets = EncodeTone(encoder, 1000, 100);
        using var buffer = new JitterBuffer(CodecProfile.Pcmu, factory.CreateDecoder(CodecProfile.Pcmu));
        var pcm = Play(buffer, packets, 20, i => i == 50, 160);
        Assert.Equal(1, buffer.Statistics.Lost);
        Assert.Equal(1, buffer.Statistics.Concealed);
        var voiced = pcm.AsSpan(4800, 38_400);
        Assert.InRange(Signal.PeakFrequency(voiced, 48_000, 900, 1100), 999, 1001);
    }

    [Fact]
    public void PushPop_SteadyStateWithLossAndReorder_AllocatesNothing()
    {
        var factory = new CodecFactory();
        Assert.Equal(OpusImplementation.Native, factory.OpusImplementation);
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(32_000));
        var packets = EncodeTone(encoder, 500, 50);
        using var decoding = new JitterBuffer(CodecProfile.Opus(32_000), factory.CreateDecoder(CodecProfile.Opus(32_000)));
        using var passThrough = new JitterBuffer(CodecProfile.Opus(32_000), null);
        var frame = new float[960];
        var payload = new byte[AudioFormat.MaxPacketBytes];
        var seq = 0;

        void Run(int ticks)
        {
            for (var t = 0; t < ticks; t++, seq++)
            {
                var now = TimeSpan.FromMilliseconds(seq * 20);
                if (seq % 17 != 5)
                {
                    // 1 in 17 lost; every 9th arrives after its successor.
                    var s = seq % 9 == 4 ? seq + 1 : seq % 9 == 5 ? seq - 1 : seq;
                    var packet = packets[s % packets.Count];
                    decoding.Push((ushort)s, (uint)(s * 960), packet, now);
                    passThrough.Push((ushort)s, (uint)(s * 960), packet, now);
                }

                decoding.Pop(frame, payload, now + (7 * Ms));
                passThrough.Pop([], payload, now + (7 * Ms));
            }
        }

        Run(300);
        Assert.Equal(0, SteadyStateAllocation.QuietestWindow(() => Run(1000)));
        Assert.True(decoding.Statistics.Lost > 50);
    }
}
