namespace Gateway.Connectors.Mumble.Transport;

/// <summary>
/// Keepalive and retry timings (protocols-ip.md A8). Not part of the configuration contract: the defaults follow the
/// reference client; tests shorten them.
/// </summary>
public sealed record MumbleTransportTimings
{
    /// <summary>TCP Ping period; the server cuts sessions silent for 30 s.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unanswered pings after which the server is considered gone (4 × 5 s ≈ 20 s).</summary>
    public int MaxUnansweredPings { get; init; } = 4;

    /// <summary>TCP connect + TLS + authentication must finish within this.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay (then doubling up to ReconnectMaxSeconds).</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A joined channel must be confirmed by the server within this, or the endpoint is degraded.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A talker whose voice stops without a terminator is released after this much silence.</summary>
    public TimeSpan TalkerSilenceTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    public static MumbleTransportTimings Default { get; } = new();
}
