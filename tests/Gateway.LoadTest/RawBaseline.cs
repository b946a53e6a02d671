using System.Diagnostics;
using System.Net.Sockets;

namespace Gateway.LoadTest;

/// <summary>
/// The physical limit of fan-out on this machine, measured in the same run: one thread sending the same packet with
/// allocation-free span <c>SendTo</c> round-robin to every listener socket as fast as it can, received by the same
/// receive thread the gateway's output goes to.
/// </summary>
internal static class RawBaseline
{
    /// <param name="socketPerDestination">
    /// Send each destination's packets from its own socket, as the gateway does (every endpoint sends from its own port):
    /// the diagnostic variant that shows what the kernel's per-socket cost adds to the one-socket limit.
    /// </param>
    public static RawResult Run(IReadOnlyList<Listener> listeners, ListenerSet receiver, ReadOnlySpan<byte> packet, double seconds, bool socketPerDestination = false)
    {
        receiver.RawMode = true;
        var destinations = listeners.Select(l => l.EndPoint.Serialize()).ToArray();
        var copy = packet.ToArray();
        long sent = 0;
        double cpu = 0, wall = 0;
        var receivedBefore = receiver.Received;
        var thread = new Thread(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var senders = socketPerDestination
                ? destinations.Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToArray()
                : destinations.Select(_ => socket).ToArray();
            var cpuStart = ProcStat.ThreadCpuSeconds();
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(seconds * Stopwatch.Frequency);
            var i = 0;
            while ((sent & 1023) != 0 || Stopwatch.GetTimestamp() < end)
            {
                senders[i].SendTo(copy, SocketFlags.None, destinations[i]);
                sent++;
                if (++i == destinations.Length)
                {
                    i = 0;
                }
            }

            wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu = ProcStat.ThreadCpuSeconds() - cpuStart;
            if (socketPerDestination)
            {
                foreach (var sender in senders)
                {
                    sender.Dispose();
                }
            }
        }) { Name = "raw-sender", Priority = ThreadPriority.Highest };
        thread.Start();
        thread.Join();
        Thread.Sleep(500); // let the receiver drain
        var received = receiver.Received - receivedBefore;
        receiver.RawMode = false;
        return new RawResult(sent, received, wall, cpu, copy.Length);
    }
}

/// <summary>Raw baseline figures: sender wall rate and CPU per packet.</summary>
internal sealed record RawResult(long Sent, long Received, double WallSeconds, double SenderCpuSeconds, int PacketBytes)
{
    public double SendRate => Sent / WallSeconds;

    public double CpuMicrosPerPacket => SenderCpuSeconds * 1e6 / Sent;

    /// <summary>Packets per CPU-second of the sending thread (the per-core capacity of raw fan-out).</summary>
    public double PacketsPerCpuSecond => Sent / Math.Max(SenderCpuSeconds, 0.01);

    public double LossPercent => 100.0 * (Sent - Math.Min(Received, Sent)) / Sent;

    public string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{SendRate:N0} pkt/s wall, {CpuMicrosPerPacket:F2} µs CPU/pkt ({PacketsPerCpuSecond:N0} pkt per CPU-s), {PacketBytes} B, rx loss {LossPercent:F1} %");
}
