using System.Diagnostics;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.LoadTest;

/// <summary>
/// All listener sockets, drained by one receive thread (epoll + non-blocking recv). Each packet is resolved to its
/// talker frame number: by payload hash (Opus pass-through) or by the number stamped into PCMU payloads. Transcoded Opus
/// packets are only captured here; <see cref="ResolveTranscoded"/> identifies them by their audio after the run.
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

    /// <summary>Delays of packets identified by their payload bytes (pass-through Opus, PCMU), recorded live.</summary>
    public DelayHistogram PassThroughDelay { get; } = new();

    /// <summary>Delays of transcoded Opus packets identified by their audio (<see cref="ResolveTranscoded"/>).</summary>
    public DelayHistogram TranscodedDelay { get; } = new();

    public void Start() => _thread.Start();

    /// <summary>After the run (receive thread idle): identifies the captured transcoded Opus packets (see <see cref="TranscodedResolver"/>).</summary>
    public TranscodedResolver ResolveTranscoded(ICodecFactory codecs)
    {
        var resolver = new TranscodedResolver(codecs);
        resolver.Resolve(_listeners, TimedFromFrame, TranscodedDelay);
        return resolver;
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
                while ((length = Native.ReceiveStamped((int)listener.Socket.Handle, buffer, out var kernelNs, out var sourcePort)) >= 0)
                {
                    // Arrival = the kernel's receive stamp mapped onto the Stopwatch clock (the talkers' send times).
                    var arrival = kernelNs == 0 ? Stopwatch.GetTimestamp() : _clockMap.ToStopwatch(kernelNs);
                    Interlocked.Increment(ref _received);
                    if (!RawMode)
                    {
                        OnPacket(listener, buffer.AsSpan(0, length), arrival, sourcePort);
                    }
                }
            }
        }
    }

    private void OnPacket(Listener listener, ReadOnlySpan<byte> datagram, long arrival, int sourcePort)
    {
        // Only RTP from the listener's own gateway endpoint is measured. Anything else is counted and ignored: RTCP
        // (RFC 5761 §4: second byte 192..223; it belongs on the listener's RTCP socket) or datagrams from other
        // programs on this shared machine, e.g. another harness's gateway sending RTCP to its port + 1, which may be ours.
        if ((listener.GatewayPort != 0 && sourcePort != listener.GatewayPort) || (datagram.Length >= 2 && datagram[1] is >= 192 and <= 223))
        {
            listener.Foreign++;
            return;
        }

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
        else
        {
            // Transcoded: keep the packet for ResolveTranscoded (untracked listeners of long runs are counted only).
            listener.Capture?.Add(arrival, header.SequenceNumber, payload);
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

        listener.ArrivalLog?.Add(arrival, frame);
        if (frame >= TimedFromFrame)
        {
            var micros = (arrival - talker.SendTimestamp(frame)) * 1_000_000.0 / Stopwatch.Frequency;
            PassThroughDelay.Add(micros);
        }
    }
}
