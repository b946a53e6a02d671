namespace Gateway.Core.Alerts;

/// <summary><c>Gateway:Alerts</c>: escalation presets, mutual-aid / reinforcement groups of the built-in 1-3-5 preset, ack keywords.</summary>
public sealed class AlertOptions
{
    /// <summary>The built-in ladder: 60 s re-page, 180 s page <see cref="MutualAidTalkGroups"/>, 300 s page <see cref="ReinforcementTalkGroups"/> and raise an emergency.</summary>
    public const string OneThreeFivePreset = "1-3-5";

    public List<string> MutualAidTalkGroups { get; set; } = [];

    public List<string> ReinforcementTalkGroups { get; set; } = [];

    /// <summary>Named ladders from configuration (a name here overrides the built-in one).</summary>
    public Dictionary<string, List<EscalationStepOptions>> Presets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Text replies (Mumble) that acknowledge the unit's open alert; compared case-insensitively after trimming.</summary>
    public List<string> AckKeywords { get; set; } = ["ack", "ok", "roger", "copy", "received", "收到"];

    /// <summary>The espeak-ng executable used for text-to-speech voice.</summary>
    public string EspeakPath { get; set; } = "espeak-ng";
}
