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
    /// <param name="mode">
    /// How the sender sends. <see cref="RawSendMode.OneSocket"/> is the baseline; the others are diagnostics: a socket
    /// per destination (as the gateway's endpoints send, each from its own port) shows what the kernel's per-socket cost
    /// adds, <c>sendmmsg</c> batches what batching system calls would gain over one call per packet, and paced rounds
    /// what the gateway's real-time traffic shape (listeners woken every 20 ms) costs the sender.
    /// </param>
    public static RawResult Run(IReadOnlyList<Listener> listeners, ListenerSet receiver, ReadOnlySpan<byte> packet, double seconds, RawSendMode mode = RawSendMode.OneSocket)
    {
        receiver.RawMode = true;
        var destinations = listeners.Select(l => l.EndPoint.Serialize()).ToArray();
        var copy = packet.ToArray();
        var sockaddrs = new byte[listeners.Count * 16];
        for (var d = 0; d < listeners.Count; d++)
        {
            Native.SockaddrIn(listeners[d].EndPoint, sockaddrs.AsSpan(d * 16, 16));
        }

        long sent = 0;
        double cpu = 0, wall = 0;
        var receivedBefore = receiver.Received;
        var thread = new Thread(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var senders = mode == RawSendMode.SocketPerDestination
                ? destinations.Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToArray()
                : destinations.Select(_ => socket).ToArray();
            var cpuStart = ProcStat.ThreadCpuSeconds();
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(seconds * Stopwatch.Frequency);
            switch (mode)
            {
                case RawSendMode.Batched:
                    // Whole rounds over every destination, Native.MaxBatch datagrams per system call.
                    while (Stopwatch.GetTimestamp() < end)
                    {
                        sent += Native.SendMany((int)socket.Handle, copy, sockaddrs);
                    }

                    break;
                case RawSendMode.PacedRounds:
                    // The gateway's traffic shape: one packet to every destination, then nothing until the next 20 ms
                    // tick, so listeners go idle between rounds and each round pays for waking them.
                    var tick = Stopwatch.Frequency / 50;
                    for (var due = start; Stopwatch.GetTimestamp() < end; due += tick)
                    {
                        for (var d = 0; d < destinations.Length; d++)
                        {
                            socket.SendTo(copy, SocketFlags.None, destinations[d]);
                        }

                        sent += destinations.Length;
                        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due + tick);
                        if (wait > TimeSpan.Zero)
                        {
                            Thread.Sleep(wait);
                        }
                    }

                    break;
                default:
                    for (var i = 0; (sent & 1023) != 0 || Stopwatch.GetTimestamp() < end;)
                    {
                        senders[i].SendTo(copy, SocketFlags.None, destinations[i]);
                        sent++;
                        if (++i == destinations.Length)
                        {
                            i = 0;
                        }
                    }

                    break;
            }

            wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu = ProcStat.ThreadCpuSeconds() - cpuStart;
            if (mode == RawSendMode.SocketPerDestination)
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

/// <summary>How the raw baseline's sender hands packets to the kernel.</summary>
internal enum RawSendMode
{
    /// <summary>One socket, one <c>SendTo</c> per packet: the baseline.</summary>
    OneSocket,

    /// <summary>One socket per destination, one <c>SendTo</c> per packet.</summary>
    SocketPerDestination,

    /// <summary>One socket, <c>sendmmsg</c> of up to 64 packets per call.</summary>
    Batched,

    /// <summary>One socket, one <c>SendTo</c> per packet, a round to every destination every 20 ms (as the gateway).</summary>
    PacedRounds,
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
