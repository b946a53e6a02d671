namespace Gateway.Connectors.Mumble.Transport;

/// <summary>
/// Exponential reconnect delays with jitter: 0.5 s, 1 s, 2 s ... capped, each scaled by a random factor in [0.5, 1.0]
/// so many gateways restarting together do not hammer the server in lock-step.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _cap;
    private readonly Func<double> _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan cap, Func<double>? random = null)
    {
        if (initial <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "Initial backoff must be positive.");
        }

        _initial = initial;
        _cap = cap < initial ? initial : cap;
        _random = random ?? Random.Shared.NextDouble;
    }

    public int Attempt => _attempt;

    /// <summary>The delay before the next attempt; grows until the cap.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_attempt, 30);
        _attempt++;
        var ceiling = Math.Min(_cap.TotalMilliseconds, _initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = 0.5 + (0.5 * Math.Clamp(_random(), 0, 1));
        return TimeSpan.FromMilliseconds(ceiling * jitter);
    }

    /// <summary>After a connection that worked, start again from the initial delay.</summary>
    public void Reset() => _attempt = 0;
}
