namespace Gateway.Core.Identity;

// Identifiers are small value types so a talk-group id can never be passed where an endpoint id is expected.

/// <summary>Identifies a talk group (channel group), e.g. <c>tianhe-sports</c>.</summary>
public readonly record struct TalkGroupId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies one audio terminal reached through a connector (an RTP peer, a Mumble channel session, a radio...).</summary>
public readonly record struct EndpointId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a unit: a person or team carrying a radio or intercom, e.g. <c>patrol-3</c>.</summary>
public readonly record struct UnitId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a call: the transmissions of one talk group separated by less than its hang time.</summary>
public readonly record struct CallId(string Value)
{
    public static CallId New() => new(Guid.NewGuid().ToString("N"));

    public override string ToString() => Value;
}

/// <summary>Identifies a patch linking talk groups.</summary>
public readonly record struct PatchId(string Value)
{
    public static PatchId New() => new("patch-" + Guid.NewGuid().ToString("N")[..12]);

    public override string ToString() => Value;
}
