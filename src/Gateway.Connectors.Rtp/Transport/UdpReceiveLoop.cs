using System.Net.Sockets;
using Gateway.Core.Media;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// One thread waiting on many endpoint sockets through epoll (level-triggered) and reading each ready socket with the
/// allocation-free span ReceiveFrom into one shared buffer. Replaces a blocked thread per socket: 10,000 idle endpoints
/// would otherwise cost 20,000 threads and their stacks. A socket closed behind the channel's back is found by a sweep
/// twice a second (epoll silently forgets closed descriptors) so the channel's fault/re-open path still runs.
/// The loop also sends its endpoints' outgoing packets (see <see cref="Enqueue"/>), woken by an eventfd.
/// </summary>
internal sealed partial class UdpReceiveLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const int WaitMs = 250;
    private const long WakeKey = 0; // registration keys start at 1
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(500);
    private readonly Dictionary<long, UdpChannel> _channels = []; // under _registry; a plain Dictionary enumerates without allocating
    private readonly object _gate = new(); // held while one datagram is handled, so Unregister can wait it out
    private readonly object _registry = new();
    private readonly ILogger _logger;
    private readonly int _epoll;
    private readonly Thread _thread;
    private readonly SendQueue _sends = new();
    private readonly int _wakeFd;
    private volatile bool _stopping;
    private long _nextKey;
    private long _allocatedBytes;

    public UdpReceiveLoop(string name, ILogger logger)
    {
        _logger = logger;
        _epoll = EpollNative.Create();
        _wakeFd = EpollNative.CreateEventFd();
        if (!EpollNative.Add(_epoll, _wakeFd, (ulong)WakeKey))
        {
            throw new InvalidOperationException("epoll_ctl failed for the loop's wake-up eventfd");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = name, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>
    /// Queues a packet for <paramref name="sender"/> to send on this loop's thread. The router hands one frame to every
    /// listener of a group in turn; queuing each listener's sends to the loop that owns its socket spreads one group's
    /// fan-out over all loops (all cores) instead of running it on whichever thread routed the frame.
    /// </summary>
    public void Enqueue(IDeferredSender sender, MediaPacket packet)
    {
        if (_sends.Add(sender, packet) && Thread.CurrentThread != _thread)
        {
            EpollNative.Signal(_wakeFd);
        }
    }

    /// <summary>Bytes this loop's thread has allocated so far (updated every iteration; the allocation tests read it).</summary>
    public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

    /// <summary>Sockets currently watched.</summary>
    public int Count
    {
        get
        {
            lock (_registry)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>Starts delivering <paramref name="socket"/>'s datagrams to <paramref name="channel"/>; returns the registration key.</summary>
    public long Register(UdpChannel channel, Socket socket)
    {
        var key = Interlocked.Increment(ref _nextKey);
        lock (_registry)
        {
            _channels[key] = channel;
        }

        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (!EpollNative.Add(_epoll, handle.DangerousGetHandle(), (ulong)key))
            {
                throw new SocketException(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }
        }
        catch
        {
            lock (_registry)
            {
                _channels.Remove(key);
            }

            throw;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return key;
    }

    /// <summary>Stops watching; returns once a datagram of this channel being handled right now has been handled.</summary>
    public void Unregister(long key, Socket socket)
    {
        lock (_registry)
        {
            _channels.Remove(key);
        }

        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            // Only while we still own the descriptor: once closed, its number may already belong to another socket.
            handle.DangerousAddRef(ref added);
            EpollNative.Remove(_epoll, handle.DangerousGetHandle());
        }
        catch (ObjectDisposedException)
        {
            // Closed already: the kernel dropped it from the epoll set.
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        lock (_gate)
        {
            // Entering waits for the loop to finish a datagram of this channel it may be handling.
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        if (_thread != Thread.CurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        EpollNative.Close(_epoll);
        EpollNative.Close(_wakeFd);
    }

    private void Run()
    {
        var events = GC.AllocateUninitializedArray<byte>(MaxEvents * EpollNative.EventSize, pinned: true);
        var buffer = GC.AllocateUninitializedArray<byte>(UdpChannel.ReceiveBufferBytes, pinned: true);
        var lastSweep = Environment.TickCount64;
        while (!_stopping)
        {
            int ready;
            try
            {
                ready = EpollNative.Wait(_epoll, events, WaitMs);
            }
            catch (InvalidOperationException ex)
            {
                LogWaitFailed(_logger, ex);
                Thread.Sleep(WaitMs);
                continue;
            }

            for (var i = 0; i < ready; i++)
            {
                var key = (long)EpollNative.EventData(events, i);
                if (key == WakeKey)
                {
                    EpollNative.ResetEventFd(_wakeFd);
                    continue;
                }

                lock (_gate)
                {
                    UdpChannel? channel;
                    lock (_registry)
                    {
                        _channels.TryGetValue(key, out channel);
                    }

                    channel?.ReceiveReady(buffer);
                }
            }

            // Sends queued by other threads, and by this one while it routed the datagrams above.
            lock (_gate)
            {
                _sends.Drain();
            }

            Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());

            var now = Environment.TickCount64;
            if (now - lastSweep >= SweepInterval.TotalMilliseconds)
            {
                lastSweep = now;
                Sweep();
            }
        }
    }

    /// <summary>Finds a socket closed behind its channel's back; one per sweep (faults are rare), so the registry is not
    /// changed while it is being enumerated.</summary>
    private void Sweep()
    {
        UdpChannel? dead = null;
        lock (_registry)
        {
            foreach (var entry in _channels)
            {
                if (entry.Value.IsSocketClosed)
                {
                    dead = entry.Value;
                    break;
                }
            }
        }

        dead?.CheckSocketAlive();
    }

    [LoggerMessage(EventId = 6110, Level = LogLevel.Error, Message = "RTP receive loop: epoll_wait failed, retrying")]
    private static partial void LogWaitFailed(ILogger logger, Exception error);
}
