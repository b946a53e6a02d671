using System.Globalization;
using Gateway.Audio.Resampling;
using Gateway.Connectors.Serial.Protocol;
using Gateway.Core.Configuration;

namespace Gateway.Connectors.Serial;

/// <summary>
/// The rules for a serial radio's settings, kept in one place: the host's configuration check and the connector's own
/// start-up check (<see cref="RadioSettings.Create(SerialRadioOptions, string, out IReadOnlyList{string})"/>) both use them,
/// so both accept the same settings and print the same line. Identity (the id's shape and uniqueness, the talk group
/// being configured) and ports shared by two radios are checked by whoever knows the whole file, not here.
/// </summary>
public static class SerialSettingRules
{
    public static IReadOnlyList<string> PttMethods { get; } = ["rts", "dtr", "cat-kenwood", "cat-civ", "none"];

    public static IReadOnlyList<string> SquelchMethods { get; } = ["cts", "dsr", "dcd", "cat-kenwood", "cat-civ", "vox", "always"];

    public static IReadOnlyList<string> Parities { get; } = ["None", "Odd", "Even", "Mark", "Space"];

    public static IReadOnlyList<string> StopBits { get; } = ["One", "OnePointFive", "Two"];

    public static IReadOnlyList<string> Priorities { get; } = ["normal", "dispatcher", "alert", "emergency"];

    public static IReadOnlyList<string> AniModes { get; } = ["none", "dtmf", "selcall"];

    public static IReadOnlyList<string> SelcallStandards { get; } = ["zvei1", "zvei2", "ccir", "eea"];

    /// <summary>The sound-card rates the connector's resampler converts to and from the 48 kHz core format.</summary>
    public static IReadOnlyList<int> SampleRates { get; } = [8_000, 12_000, 16_000, 24_000, 32_000, 44_100, 48_000];

    /// <summary>The lowest VOX threshold: below this a sound card's own noise floor would hold the squelch open.</summary>
    public const double MinVoxThresholdDb = -90;

    /// <summary>A method or mode name as the connector uses it: lower case (the rules match names in any case).</summary>
    public static string Method(string? method) => (method ?? string.Empty).ToLowerInvariant();

    /// <summary>
    /// True when the serial port is needed at all: a radio keyed by its own VOX (<c>none</c>) with VOX or no squelch uses only
    /// the sound card.
    /// </summary>
    public static bool NeedsPort(SerialRadioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return NeedsPort(Method(options.Ptt?.Method), Method(options.Squelch?.Method));
    }

    /// <summary>The same for methods already in the connector's lower case.</summary>
    public static bool NeedsPort(string pttMethod, string squelchMethod) => pttMethod != "none" || squelchMethod is not ("vox" or "always");

    /// <summary>Every broken rule of <paramref name="options"/>, in the order of the settings; empty when they are valid.</summary>
    public static IReadOnlyList<SettingProblem> Check(SerialRadioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<SettingProblem>();
        var ptt = options.Ptt ?? new PttOptions();
        var squelch = options.Squelch ?? new SquelchOptions();
        var audio = options.Audio ?? new RadioAudioOptions();
        var ani = options.Ani ?? new AniOptions();
        var pttMethod = Method(ptt.Method);
        var squelchMethod = Method(squelch.Method);

        if (NeedsPort(options) && string.IsNullOrWhiteSpace(options.Port))
        {
            problems.Add(new("Port", null, "is required unless Ptt:Method is none and Squelch:Method is vox or always (e.g. /dev/serial/by-id/...)"));
        }

        Range(problems, "BaudRate", options.BaudRate, 300, 1_000_000);
        OneOf(problems, "Parity", options.Parity, Parities);
        Range(problems, "DataBits", options.DataBits, 5, 8);
        OneOf(problems, "StopBits", options.StopBits, StopBits);

        var pttKnown = OneOf(problems, "Ptt:Method", ptt.Method, PttMethods);
        Range(problems, "Ptt:LeadMs", ptt.LeadMs, 0, 5_000);
        Range(problems, "Ptt:TailMs", ptt.TailMs, 0, 10_000);
        if (pttMethod == "cat-civ" || squelchMethod == "cat-civ")
        {
            if (string.IsNullOrWhiteSpace(ptt.CivAddress))
            {
                problems.Add(new("Ptt:CivAddress", null, "is required for cat-civ (the radio's CI-V address in hex, e.g. 94)"));
            }
            else if (!CivStatus.TryParseAddress(ptt.CivAddress, out _))
            {
                problems.Add(new("Ptt:CivAddress", ptt.CivAddress, "is not a CI-V address in hex (e.g. 94, 0x94 or 94h for the IC-7300)"));
            }
        }

        var squelchKnown = OneOf(problems, "Squelch:Method", squelch.Method, SquelchMethods);
        if (pttKnown && squelchKnown && pttMethod.StartsWith("cat-", StringComparison.Ordinal)
            && squelchMethod.StartsWith("cat-", StringComparison.Ordinal) && pttMethod != squelchMethod)
        {
            problems.Add(new("Squelch:Method", squelch.Method, $"must be the same CAT dialect as Ptt:Method ({pttMethod}): one port speaks one"));
        }

        Range(problems, "Squelch:DebounceMs", squelch.DebounceMs, 0, 2_000);
        Range(problems, "Squelch:PollMs", squelch.PollMs, 5, 1_000);
        Range(problems, "Squelch:MinOpenMs", squelch.MinOpenMs, 0, 5_000);
        if (!(squelch.VoxThresholdDb >= MinVoxThresholdDb && squelch.VoxThresholdDb < 0))
        {
            problems.Add(new("Squelch:VoxThresholdDb", squelch.VoxThresholdDb.ToString(CultureInfo.InvariantCulture), "must be at least -90 and below 0 (dBFS)"));
        }

        Range(problems, "Squelch:VoxHangMs", squelch.VoxHangMs, 0, 10_000);

        Required(problems, "Audio:Capture", audio.Capture, "an ALSA device such as plughw:CARD=Device,DEV=0, or file:PATH");
        Required(problems, "Audio:Playback", audio.Playback, "an ALSA device such as plughw:CARD=Device,DEV=0, or file:PATH");
        if (!AudioResampler.IsSupportedRate(audio.SampleRate))
        {
            problems.Add(new("Audio:SampleRate", Text(audio.SampleRate), "is not one of " + string.Join(", ", SampleRates.Select(Text))));
        }

        Range(problems, "TransmitTimeoutSeconds", options.TransmitTimeoutSeconds, 1, 3_600, "the transmit watchdog cannot be disabled");
        OneOf(problems, "Priority", options.Priority, Priorities);
        OneOf(problems, "Ani:Mode", ani.Mode, AniModes);
        OneOf(problems, "Ani:SelcallStandard", ani.SelcallStandard, SelcallStandards);
        Range(problems, "Ani:WaitMs", ani.WaitMs, 0, 5_000);
        return problems;
    }

    /// <summary>Case-insensitive choice among names; numbers and enum-flag lists ("1", "Odd, Even") are not names.</summary>
    private static bool OneOf(List<SettingProblem> problems, string setting, string? value, IReadOnlyList<string> allowed)
    {
        if (allowed.Contains(value ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        problems.Add(string.IsNullOrEmpty(value)
            ? new(setting, null, "is required (one of " + string.Join(", ", allowed) + ")")
            : new(setting, value, "is not one of " + string.Join(", ", allowed)));
        return false;
    }

    private static void Required(List<SettingProblem> problems, string setting, string? value, string example)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(setting, null, $"is required ({example})"));
        }
    }

    private static void Range(List<SettingProblem> problems, string setting, int value, int min, int max, string? why = null)
    {
        if (value >= min && value <= max)
        {
            return;
        }

        var problem = $"must be between {Text(min)} and {Text(max)}";
        problems.Add(new(setting, Text(value), why is null ? problem : $"{problem} ({why})"));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
