using System.Diagnostics;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.LoadTest;

/// <summary>
/// All listener sockets, drained by one receive thread (epoll + non-blocking recv). Each packet is resolved to its
/// talker frame number: by payload hash (Opus pass-through), by the number written into PCMU payloads, or, for transcoded
/// Opus, by RTP timestamp distance from the stream's first packet aligned to the group's first PCMU frame.
/// </summary>
internal sealed class ListenerSet : IDisposable
{
    private readonly IReadOnlyList<Listener> _listeners;
    private readonly TestPayloads _payloads;
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _stop;
    private readonly RealtimeToStopwatch _clockMap = new();
    private long _received;

    public ListenerSet(IReadOnlyList<Listener> listeners, TestPayloads payloads)
    {
        _listeners = listeners;
        _payloads = payloads;
        _epoll = Native.EpollCreate();
        for (var i = 0; i < listeners.Count; i++)
        {
            Native.EpollAdd(_epoll, (int)listeners[i].Socket.Handle, (ulong)i);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "listeners", Priority = ThreadPriority.Highest };
    }

    /// <summary>When true, packets are only counted (the raw baseline); otherwise resolved and timed.</summary>
    public volatile bool RawMode;

    /// <summary>Frames below this number are not timed (warm-up).</summary>
    public long TimedFromFrame { get; set; }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Delays of packets whose frame is known exactly (pass-through Opus, PCMU).</summary>
    public DelayHistogram ExactDelay { get; } = new();

    /// <summary>Delays of transcoded Opus packets, frame aligned through the group's reference PCMU stream.</summary>
    public DelayHistogram AlignedDelay { get; } = new();

    public void Start() => _thread.Start();

    /// <summary>
    /// After the run (receive thread idle): maps each transcoded Opus listener's output frames to talker frames through
    /// the group's reference PCMU stream, marks them received and records their delays.
    /// </summary>
    public void ResolveTranscoded()
    {
        foreach (var listener in _listeners)
        {
            if (listener.ArrivalByOutputIndex is not { } arrivals || listener.Talker is not { } talker)
            {
                continue;
            }

            for (var n = 0; n < arrivals.Length; n++)
            {
                if (arrivals[n] == 0)
                {
                    continue;
                }

                var frame = n < talker.OutputToFrame.Length ? talker.OutputToFrame[n] : -1;
                if (frame < 0 || frame >= talker.Sent)
                {
                    listener.Unresolved++;
                    continue;
                }

                if (!listener.Mark(frame))
                {
                    listener.Duplicates++;
                }
                else if (frame >= TimedFromFrame)
                {
                    AlignedDelay.Add((arrivals[n] - talker.SendTimestamp(frame)) * 1_000_000.0 / Stopwatch.Frequency);
                }
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        Native.CloseFd(_epoll);
    }

    private void Run()
    {
        Span<byte> events = stackalloc byte[Native.EpollEventSize * 256];
        var buffer = new byte[2048];
        while (!_stop)
        {
            var ready = Native.EpollWait(_epoll, events, 100);
            _clockMap.Refresh();
            for (var e = 0; e < ready; e++)
            {
                var listener = _listeners[(int)Native.EventData(events, e)];
                int length;
                while ((length = Native.ReceiveStamped((int)listener.Socket.Handle, buffer, out var kernelNs)) >= 0)
                {
                    // Arrival = the kernel's receive stamp mapped onto the Stopwatch clock (the talkers' send times).
                    var arrival = kernelNs == 0 ? Stopwatch.GetTimestamp() : _clockMap.ToStopwatch(kernelNs);
                    Interlocked.Increment(ref _received);
                    if (!RawMode)
                    {
                        OnPacket(listener, buffer.AsSpan(0, length), arrival);
                    }
                }
            }
        }
    }

    private void OnPacket(Listener listener, ReadOnlySpan<byte> datagram, long arrival)
    {
        listener.Received++;
        var talker = listener.Talker;
        if (talker is null || !RtpPacketReader.TryRead(datagram, out var header, out _))
        {
            listener.Unresolved++;
            return;
        }

        var payload = header.Payload(datagram);
        long frame = -1;
        if (!listener.ExpectsOpus)
        {
            frame = TestPayloads.ReadPcmu(payload);
            if (frame >= 0 && listener == talker.Reference)
            {
                listener.FirstTimestamp ??= header.Timestamp;
                var n = (header.Timestamp - listener.FirstTimestamp.Value) / 160;
                if (n < talker.OutputToFrame.Length)
                {
                    talker.OutputToFrame[n] = frame;
                }
            }
        }
        else if (!talker.Pcmu)
        {
            var cycleIndex = _payloads.OpusCycleIndex(payload);
            if (cycleIndex >= 0)
            {
                // The newest frame sent with this cycle position (delays are far shorter than a cycle).
                var sent = talker.Sent;
                var cycle = _payloads.OpusCycle;
                frame = sent - 1 - ((sent - 1 - cycleIndex) % cycle);
            }
        }
        else if (listener.ArrivalByOutputIndex is not { } arrivals)
        {
            return; // an untracked transcoded listener (long runs track one per group): counted only
        }
        else
        {
            // Transcoded: remember when the n-th output frame arrived; ResolveTranscoded maps n to a talker frame later.
            listener.FirstTimestamp ??= header.Timestamp;
            var n = (header.Timestamp - listener.FirstTimestamp.Value) / 960;
            if (n >= arrivals.Length)
            {
                listener.Unresolved++;
            }
            else if (arrivals[n] != 0)
            {
                listener.Duplicates++;
            }
            else
            {
                arrivals[n] = arrival;
            }

            return;
        }

        if (frame < 0 || frame >= talker.Sent)
        {
            listener.Unresolved++;
            return;
        }

        if (!listener.Mark(frame))
        {
            listener.Duplicates++;
            return;
        }

        if (frame >= TimedFromFrame)
        {
            var micros = (arrival - talker.SendTimestamp(frame)) * 1_000_000.0 / Stopwatch.Frequency;
            ExactDelay.Add(micros);
        }
    }
}
