using System.Net;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// Per-source packet-rate limit over one-second windows. A small fixed table keyed by address and port: a flood from many
/// sources evicts entries (and so is limited per entry at worst), but the table never grows and never allocates.
/// Used by one receive thread only.
/// </summary>
internal sealed class SourceRateLimiter
{
    private const int Slots = 64;
    private readonly ulong[] _keys = new ulong[Slots];
    private readonly long[] _windowStart = new long[Slots];
    private readonly int[] _counts = new int[Slots];
    private readonly int _maxPerSecond;
    private readonly TimeProvider _time;
    private readonly long _window;

    public SourceRateLimiter(int maxPerSecond, TimeProvider time)
    {
        _maxPerSecond = maxPerSecond;
        _time = time;
        _window = time.TimestampFrequency;
    }

    /// <summary>False when <paramref name="source"/> already sent its allowance in the current second.</summary>
    public bool TryAcquire(SocketAddress source)
    {
        if (_maxPerSecond <= 0)
        {
            return true;
        }

        var key = Key(source);
        var slot = (int)(key % Slots);
        var now = _time.GetTimestamp();
        if (_keys[slot] != key || now - _windowStart[slot] >= _window)
        {
            _keys[slot] = key;
            _windowStart[slot] = now;
            _counts[slot] = 0;
        }

        return ++_counts[slot] <= _maxPerSecond;
    }

    private static ulong Key(SocketAddress source)
    {
        // FNV-1a over address and port: cheap, no allocation, good enough to spread sources over the table.
        var hash = 14695981039346656037UL;
        foreach (var b in SourceFilter.AddressBytes(source))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (ulong)SourceFilter.Port(source)) * 1099511628211UL;
        return hash | 1;
    }
}
