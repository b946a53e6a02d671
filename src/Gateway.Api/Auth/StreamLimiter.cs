using System.Collections.Concurrent;

namespace Gateway.Api.Auth;

/// <summary>Counts open streaming calls per API key so one client cannot hold every router slot.</summary>
public sealed class StreamLimiter
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public bool TryEnter(string key, int limit)
    {
        while (true)
        {
            var current = _open.GetOrAdd(key, 0);
            if (current >= limit)
            {
                return false;
            }

            if (_open.TryUpdate(key, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Exit(string key) => _open.AddOrUpdate(key, 0, static (_, v) => Math.Max(0, v - 1));

    public int Open(string key) => _open.TryGetValue(key, out var v) ? v : 0;
}
