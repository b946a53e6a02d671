namespace Gateway.Core.UnitState;

/// <summary><c>Gateway:Statuses[i]</c> (configuration contract): one status a unit can report, and how it is sent from each network.</summary>
public sealed class UnitStatusOptions
{
    /// <summary>The status name (lower case, e.g. <c>on_scene</c>); also the gRPC name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>DTMF code: the code, then the unit's DtmfId (optional when the connector knows the unit), then '#'.</summary>
    public string? DtmfCode { get; set; }

    /// <summary>5-tone status code sent after the unit's SelCall code.</summary>
    public string? SelCallCode { get; set; }

    /// <summary>Mumble text keyword (case-insensitive); the status name itself, with '_' or a space, always works too.</summary>
    public string? Keyword { get; set; }

    /// <summary>When true, this status pages the unit's mutual-aid talk groups through the alert engine (default for <c>need_backup</c>).</summary>
    public bool? PageMutualAid { get; set; }
}
