namespace Gateway.Core.Configuration;

/// <summary><c>Gateway:Units[i]</c> (configuration contract): a person or team and its identities on each network.</summary>
public sealed class UnitOptions
{
    public string Id { get; set; } = string.Empty;

    public string? Name { get; set; }

    public List<string> TalkGroups { get; set; } = [];

    /// <summary>The unit's Mumble user name (PoC handset).</summary>
    public string? MumbleUser { get; set; }

    /// <summary>5-tone selective-call code (also its ANI when the radio sends one).</summary>
    public string? SelCall { get; set; }

    /// <summary>DTMF identity used for acknowledgements and status codes.</summary>
    public string? DtmfId { get; set; }

    /// <summary>Talk groups paged when this unit reports <c>need_backup</c> (empty: <c>Gateway:Alerts:MutualAidTalkGroups</c>).</summary>
    public List<string> MutualAidTalkGroups { get; set; } = [];

    /// <summary>
    /// Ids of the terminals that carry this unit (an RTP endpoint, a serial radio): each counts as the unit's online
    /// terminal while it is attached and not offline, and signalling from it is attributed to the unit. An endpoint
    /// belongs to one unit at most. (Mumble users are bound by <see cref="MumbleUser"/>.)
    /// </summary>
    public List<string> Endpoints { get; set; } = [];
}
