using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// One thread waiting on many endpoint sockets through epoll (level-triggered) and reading each ready socket with the
/// allocation-free span ReceiveFrom into one shared buffer. Replaces a blocked thread per socket: 10,000 idle endpoints
/// would otherwise cost 20,000 threads and their stacks. A socket closed behind the channel's back is found by a sweep
/// twice a second (epoll silently forgets closed descriptors) so the channel's fault/re-open path still runs.
/// </summary>
internal sealed partial class UdpReceiveLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const int WaitMs = 250;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(500);
    private readonly ConcurrentDictionary<long, UdpChannel> _channels = new();
    private readonly object _gate = new(); // held while one datagram is handled, so Unregister can wait it out
    private readonly ILogger _logger;
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _nextKey;

    public UdpReceiveLoop(string name, ILogger logger)
    {
        _logger = logger;
        _epoll = EpollNative.Create();
        _thread = new Thread(Run) { IsBackground = true, Name = name, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Sockets currently watched.</summary>
    public int Count => _channels.Count;

    /// <summary>Starts delivering <paramref name="socket"/>'s datagrams to <paramref name="channel"/>; returns the registration key.</summary>
    public long Register(UdpChannel channel, Socket socket)
    {
        var key = Interlocked.Increment(ref _nextKey);
        _channels[key] = channel;
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
            _channels.TryRemove(key, out _);
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
        _channels.TryRemove(key, out _);
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
                lock (_gate)
                {
                    if (_channels.TryGetValue(key, out var channel))
                    {
                        channel.ReceiveReady(buffer);
                    }
                }
            }

            var now = Environment.TickCount64;
            if (now - lastSweep >= SweepInterval.TotalMilliseconds)
            {
                lastSweep = now;
                foreach (var (_, channel) in _channels)
                {
                    channel.CheckSocketAlive();
                }
            }
        }
    }

    [LoggerMessage(EventId = 6110, Level = LogLevel.Error, Message = "RTP receive loop: epoll_wait failed, retrying")]
    private static partial void LogWaitFailed(ILogger logger, Exception error);
}
