using Gateway.Audio.Jitter;

namespace Gateway.Audio.Tests.Jitter;

/// <summary>A scripted packet arrival pattern and a 20 ms tick driver on explicit (virtual) time.</summary>
internal sealed class JitterScript
{
    public sealed record Arrival(TimeSpan At, ushort Sequence, uint Timestamp, byte[] Payload, bool Marker = false, uint Ssrc = 1);

    public List<Arrival> Arrivals { get; } = [];

    /// <summary>Builds an Opus-like stream of 20 ms packets whose payload carries the packet index.</summary>
    /// <param name="count">Packets.</param>
    /// <param name="delay">Network delay of packet i (before drops).</param>
    /// <param name="drop">Packets that never arrive.</param>
    /// <param name="clockPpm">Sender clock error: its 20 ms are 20 × (1 + ppm·1e-6) ms of our time.</param>
    public static JitterScript Stream(int count, Func<int, TimeSpan> delay, Func<int, bool>? drop = null, double clockPpm = 0,
        ushort firstSequence = 1000, uint firstTimestamp = 123_456, uint ssrc = 1, TimeSpan? start = null)
    {
        var script = new JitterScript();
        script.Append(count, delay, drop, clockPpm, firstSequence, firstTimestamp, ssrc, start ?? TimeSpan.FromMilliseconds(3));
        return script;
    }

    public void Append(int count, Func<int, TimeSpan> delay, Func<int, bool>? drop, double clockPpm, ushort firstSequence, uint firstTimestamp, uint ssrc, TimeSpan start)
    {
        for (var i = 0; i < count; i++)
        {
            if (drop?.Invoke(i) == true)
            {
                continue;
            }

            var sent = start + TimeSpan.FromTicks((long)(i * 20 * TimeSpan.TicksPerMillisecond * (1 + (clockPpm * 1e-6))));
            Arrivals.Add(new Arrival(sent + delay(i), (ushort)(firstSequence + i), (uint)(firstTimestamp + (i * 960)), Packet(i), i == 0, ssrc));
        }
    }

    /// <summary>A valid 20 ms Opus TOC (SILK NB) followed by the packet index.</summary>
    public static byte[] Packet(int index) => [0x08, (byte)index, (byte)(index >> 8), (byte)(index >> 16)];

    public static int IndexOf(ReadOnlySpan<byte> payload) => payload[1] | (payload[2] << 8) | (payload[3] << 16);

    /// <summary>Runs ticks every 20 ms (phase 7 ms) until <paramref name="until"/>; returns the payload indices in play-out order.</summary>
    public Result Run(JitterBuffer buffer, TimeSpan until, float[]? pcm = null)
    {
        var ordered = Arrivals.OrderBy(a => a.At).ToList();
        var next = 0;
        var played = new List<int>();
        var kinds = new List<JitterFrameKind>();
        var delays = new List<TimeSpan>();
        var payload = new byte[1500];
        for (var tick = TimeSpan.FromMilliseconds(7); tick < until; tick += TimeSpan.FromMilliseconds(20))
        {
            while (next < ordered.Count && ordered[next].At <= tick)
            {
                var a = ordered[next++];
                buffer.Push(a.Sequence, a.Timestamp, a.Payload, a.At, a.Marker, a.Ssrc);
            }

            var frame = buffer.Pop(pcm ?? [], payload, tick);
            kinds.Add(frame.Kind);
            if (frame.HasPayload)
            {
                played.Add(IndexOf(payload.AsSpan(0, frame.PayloadLength)));
                delays.Add(buffer.Statistics.CurrentDelay);
            }
        }

        return new Result(played, kinds, delays, buffer.Statistics);
    }

    public sealed record Result(List<int> Played, List<JitterFrameKind> Kinds, List<TimeSpan> Delays, JitterBufferStatistics Stats)
    {
        public bool StrictlyIncreasing => Played.Zip(Played.Skip(1)).All(p => p.First < p.Second);
    }
}
