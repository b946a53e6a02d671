using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// The receive threads of a connector: one epoll loop per processor, endpoints assigned round-robin. A talker's frames are
/// routed (decoded, encoded once per profile, sent to every listener) on the loop that received them, so spreading
/// endpoints over the loops spreads the routing work of different talk groups over the cores.
/// On platforms without epoll the pool is empty and every socket keeps its own receive thread.
/// </summary>
internal sealed class UdpReceivePool : IDisposable
{
    private readonly object _sync = new();
    private readonly ILogger _logger;
    private readonly int _size;
    private UdpReceiveLoop[]? _loops;
    private int _next;
    private bool _disposed;

    public UdpReceivePool(ILogger logger, int? size = null)
    {
        _logger = logger;
        _size = Math.Max(1, size ?? Environment.ProcessorCount);
    }

    /// <summary>The loop for the next endpoint, or null when sockets must use their own threads (no epoll here).</summary>
    public UdpReceiveLoop? Next()
    {
        if (!EpollNative.IsSupported)
        {
            return null;
        }

        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loops ??= CreateLoops();
            var loop = _loops[_next];
            _next = (_next + 1) % _loops.Length;
            return loop;
        }
    }

    /// <summary>The loops started so far.</summary>
    internal IReadOnlyList<UdpReceiveLoop> Loops
    {
        get
        {
            lock (_sync)
            {
                return _loops ?? [];
            }
        }
    }

    public void Dispose()
    {
        UdpReceiveLoop[]? loops;
        lock (_sync)
        {
            _disposed = true;
            loops = _loops;
            _loops = null;
        }

        foreach (var loop in loops ?? [])
        {
            loop.Dispose();
        }
    }

    private UdpReceiveLoop[] CreateLoops()
    {
        var loops = new UdpReceiveLoop[_size];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = new UdpReceiveLoop($"rtp-rx {i + 1}/{_size}", _logger);
        }

        return loops;
    }
}
