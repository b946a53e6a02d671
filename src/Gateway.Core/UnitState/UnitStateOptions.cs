namespace Gateway.Core.UnitState;

/// <summary>
/// The unit-state settings: <c>Gateway:Emergency</c> and <c>Gateway:Statuses</c>. With no statuses configured the built-in
/// set applies (available, on_post, responding, on_scene, need_backup, off_duty).
/// </summary>
public sealed class UnitStateOptions
{
    public const string Available = "available";
    public const string OnPost = "on_post";
    public const string Responding = "responding";
    public const string OnScene = "on_scene";
    public const string NeedBackup = "need_backup";
    public const string OffDuty = "off_duty";

    public EmergencyOptions Emergency { get; set; } = new();

    public List<UnitStatusOptions> Statuses { get; set; } = [];

    /// <summary>
    /// The built-in status set: DTMF <c>*71</c>..<c>*76</c> + DtmfId + '#', text = the name. No 5-tone codes: 5-tone status
    /// digits depend on the radios' programming, so a deployment configures them (a wrong guess would turn ANIs into statuses).
    /// </summary>
    public static IReadOnlyList<UnitStatusOptions> DefaultStatuses { get; } =
    [
        new() { Name = Available, DtmfCode = "*71", Keyword = "available" },
        new() { Name = OnPost, DtmfCode = "*72", Keyword = "on post" },
        new() { Name = Responding, DtmfCode = "*73", Keyword = "responding" },
        new() { Name = OnScene, DtmfCode = "*74", Keyword = "on scene" },
        new() { Name = NeedBackup, DtmfCode = "*75", Keyword = "need backup", PageMutualAid = true },
        new() { Name = OffDuty, DtmfCode = "*76", Keyword = "off duty" },
    ];

    public IReadOnlyList<UnitStatusOptions> EffectiveStatuses => Statuses.Count > 0 ? Statuses : DefaultStatuses;

    /// <summary>The configured status of this name (case-insensitive), or null.</summary>
    public UnitStatusOptions? FindStatus(string name) =>
        EffectiveStatuses.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Every problem, one line each naming the key (the host prints them and exits 2).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        const string E = "Gateway:Emergency";
        CheckDtmf(problems, $"{E}:DtmfPrefix", Emergency.DtmfPrefix, required: true);
        CheckDtmf(problems, $"{E}:CancelDtmfPrefix", Emergency.CancelDtmfPrefix, required: false);
        if (!string.IsNullOrEmpty(Emergency.CancelDtmfPrefix) && Emergency.CancelDtmfPrefix == Emergency.DtmfPrefix)
        {
            problems.Add($"{E}:CancelDtmfPrefix must differ from {E}:DtmfPrefix (both are '{Emergency.DtmfPrefix}').");
        }

        CheckKeywords(problems, $"{E}:TextKeywords", Emergency.TextKeywords);
        CheckKeywords(problems, $"{E}:CancelKeywords", Emergency.CancelKeywords);
        CheckSelCalls(problems, $"{E}:SelCallCodes", Emergency.SelCallCodes);
        CheckSelCalls(problems, $"{E}:CancelSelCallCodes", Emergency.CancelSelCallCodes);
        if (Emergency.CancelGraceSeconds is < 0 or > 3600)
        {
            problems.Add($"{E}:CancelGraceSeconds must be between 0 and 3600 (got {Emergency.CancelGraceSeconds}).");
        }

        if (Emergency.OpenMicSeconds is < 0 or > 600)
        {
            problems.Add($"{E}:OpenMicSeconds must be between 0 and 600 (got {Emergency.OpenMicSeconds}).");
        }

        if (Emergency.DtmfTimeoutSeconds is < 1 or > 120)
        {
            problems.Add($"{E}:DtmfTimeoutSeconds must be between 1 and 120 (got {Emergency.DtmfTimeoutSeconds}).");
        }

        if (Alerts.AlertAudio.FindPreset(Emergency.TonePreset) is null)
        {
            problems.Add($"{E}:TonePreset '{Emergency.TonePreset}' is not a tone preset; known: {string.Join(", ", Alerts.AlertAudio.TonePresets)}.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dtmf = new Dictionary<string, string>(StringComparer.Ordinal) { [Emergency.DtmfPrefix ?? string.Empty] = $"{E}:DtmfPrefix" };
        for (var i = 0; i < Statuses.Count; i++)
        {
            var key = $"Gateway:Statuses[{i}]";
            var status = Statuses[i];
            if (string.IsNullOrWhiteSpace(status.Name) || !status.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                problems.Add($"{key}:Name must be lower-case letters, digits and '_' (got '{status.Name}').");
            }
            else if (!names.Add(status.Name))
            {
                problems.Add($"{key}:Name '{status.Name}' is duplicated.");
            }

            CheckDtmf(problems, $"{key}:DtmfCode", status.DtmfCode, required: false);
            if (!string.IsNullOrEmpty(status.DtmfCode) && !dtmf.TryAdd(status.DtmfCode, $"{key}:DtmfCode"))
            {
                problems.Add($"{key}:DtmfCode '{status.DtmfCode}' is already used by {dtmf[status.DtmfCode]}.");
            }

            if (!string.IsNullOrEmpty(status.SelCallCode) && !IsSelCall(status.SelCallCode))
            {
                problems.Add($"{key}:SelCallCode must be 1 to 8 digits (got '{status.SelCallCode}').");
            }

            if (status.Keyword is { } keyword && string.IsNullOrWhiteSpace(keyword))
            {
                problems.Add($"{key}:Keyword must not be blank.");
            }
        }

        return problems;
    }

    private static void CheckDtmf(List<string> problems, string key, string? value, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                problems.Add($"{key} must not be empty.");
            }

            return;
        }

        if (value.Length > 8 || !value.All(c => char.IsAsciiDigit(c) || c is '*' or (>= 'A' and <= 'D')))
        {
            problems.Add($"{key} must be 1 to 8 of 0-9, *, A-D ('#' ends the sequence; got '{value}').");
        }
    }

    private static void CheckKeywords(List<string> problems, string key, List<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(values![i]))
            {
                problems.Add($"{key}[{i}] must not be blank.");
            }
        }
    }

    private static bool IsSelCall(string? value) => !string.IsNullOrEmpty(value) && value.Length <= 8 && value.All(char.IsAsciiDigit);

    private static void CheckSelCalls(List<string> problems, string key, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!IsSelCall(values[i]))
            {
                problems.Add($"{key}[{i}] must be 1 to 8 digits (got '{values[i]}').");
            }
        }
    }
}
