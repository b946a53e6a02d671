namespace Gateway.Connectors.Rtp.Ingress;

/// <summary>Where the current incoming talk spurt stands with the floor.</summary>
internal enum SpurtPhase
{
    /// <summary>No talk spurt.</summary>
    Idle,

    /// <summary>First packets arrived; the floor request is in flight (packets are buffered meanwhile).</summary>
    Requesting,

    /// <summary>We hold the floor: packets are buffered and played out.</summary>
    Held,

    /// <summary>Our request is queued: packets are dropped until granted or the spurt ends.</summary>
    Queued,

    /// <summary>Denied or revoked: packets are dropped until the spurt ends.</summary>
    Denied,
}
