namespace Gateway.Core.Routing;

/// <summary>The "reason" tag values of <see cref="Metrics.GatewayMetrics.Drops"/> (pre-built: no allocation per frame).</summary>
public static class DropReasons
{
    public const string Tag = "reason";

    /// <summary>The source does not hold the floor of the group.</summary>
    public const string NotHolder = "not_holder";

    /// <summary>The talk group is not known.</summary>
    public const string UnknownGroup = "unknown_group";

    /// <summary>Wrong PCM length, oversized payload, or no audio at all.</summary>
    public const string BadFrame = "bad_frame";

    /// <summary>The source payload could not be decoded (no decoder or wrong frame size).</summary>
    public const string DecodeFailed = "decode_failed";

    /// <summary>No encoder exists for a destination profile.</summary>
    public const string NoEncoder = "no_encoder";

    /// <summary>An endpoint's Deliver threw.</summary>
    public const string EndpointFailed = "endpoint_failed";

    /// <summary>A bounded egress queue was full and dropped its oldest frame.</summary>
    public const string EgressFull = "egress_full";

    /// <summary>A paced source's buffer was full.</summary>
    public const string PacerFull = "pacer_full";

    internal static KeyValuePair<string, object?> AsTag(string reason) => new(Tag, reason);
}
