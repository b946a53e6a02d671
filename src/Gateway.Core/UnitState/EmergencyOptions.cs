namespace Gateway.Core.UnitState;

/// <summary>
/// <c>Gateway:Emergency</c> (configuration contract): how a unit raises and cancels an emergency from the field, and what
/// the gateway does about it. Lists left unset (null) take the defaults; an empty list switches that input off.
/// </summary>
public sealed class EmergencyOptions
{
    public static IReadOnlyList<string> DefaultTextKeywords { get; } = ["SOS", "紧急"];

    public static IReadOnlyList<string> DefaultCancelKeywords { get; } = ["SOS cancel", "取消紧急"];

    /// <summary>DTMF that raises an emergency: the prefix, then the unit's DtmfId (optional when the connector knows the unit), then '#'.</summary>
    public string DtmfPrefix { get; set; } = "*9";

    /// <summary>DTMF that cancels a false alarm within the grace period: the prefix, the DtmfId, '#'.</summary>
    public string CancelDtmfPrefix { get; set; } = "*99";

    /// <summary>Mumble (PoC) text messages that raise an emergency; anything after the keyword is the note ("SOS north gate").</summary>
    public List<string>? TextKeywords { get; set; }

    /// <summary>Text messages that cancel a false alarm within the grace period.</summary>
    public List<string>? CancelKeywords { get; set; }

    /// <summary>5-tone status codes sent after the unit's SelCall code (or alone when the connector knows the unit) that raise an emergency.</summary>
    public List<string> SelCallCodes { get; set; } = [];

    /// <summary>5-tone status codes that cancel a false alarm.</summary>
    public List<string> CancelSelCallCodes { get; set; } = [];

    /// <summary>How long after raising it the unit may cancel its own emergency (false alarm) through the same kind of input.</summary>
    public int CancelGraceSeconds { get; set; } = 10;

    /// <summary>
    /// After the unit's first emergency-priority transmission, further transmissions of the unit in that group keep emergency
    /// priority for this long (the open-microphone window). 0: only the next transmission is boosted.
    /// </summary>
    public int OpenMicSeconds { get; set; } = 10;

    /// <summary>The alert-tone preset played to the group's dispatcher monitors when an emergency is raised.</summary>
    public string TonePreset { get; set; } = "hi-lo";

    /// <summary>Mumble / DTMF sequences longer apart than this start again (a half-typed sequence is forgotten).</summary>
    public int DtmfTimeoutSeconds { get; set; } = 10;

    internal IReadOnlyList<string> EffectiveTextKeywords => TextKeywords ?? DefaultTextKeywords;

    internal IReadOnlyList<string> EffectiveCancelKeywords => CancelKeywords ?? DefaultCancelKeywords;
}
