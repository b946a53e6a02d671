using Gateway.Connectors.Serial;

namespace Gateway.Host.Configuration.Validation;

/// <summary><c>Gateway:Connectors:Serial</c>: one radio per entry, each on its own serial port.</summary>
internal static class SerialRadiosValidator
{
    public static readonly string[] PttMethods = ["rts", "dtr", "cat-kenwood", "cat-civ", "none"];
    public static readonly string[] SquelchMethods = ["cts", "dsr", "dcd", "cat-kenwood", "cat-civ", "vox", "always"];
    public static readonly string[] Parities = ["None", "Odd", "Even", "Mark", "Space"];
    public static readonly string[] StopBits = ["One", "OnePointFive", "Two"];

    public static void Validate(IReadOnlyList<SerialRadioOptions> radios, ValidationContext context)
    {
        var problems = context.Problems;
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < radios.Count; i++)
        {
            var radio = radios[i];
            var key = ConfigKey.Item("Gateway:Connectors:Serial", i);
            ConnectorChecks.EndpointId(context, ConfigKey.Child(key, "Id"), radio.Id);
            Checks.TalkGroupReference(context, ConfigKey.Child(key, "TalkGroup"), radio.TalkGroup);

            var portKey = ConfigKey.Child(key, "Port");
            if (Checks.Required(problems, portKey, radio.Port) && !ports.TryAdd(radio.Port, portKey))
            {
                problems.Invalid(portKey, radio.Port, "is already used by " + ports[radio.Port]);
            }

            Checks.Positive(problems, ConfigKey.Child(key, "BaudRate"), radio.BaudRate);
            Checks.OneOf(problems, ConfigKey.Child(key, "Parity"), radio.Parity, Parities);
            Checks.Range(problems, ConfigKey.Child(key, "DataBits"), radio.DataBits, 5, 8);
            Checks.OneOf(problems, ConfigKey.Child(key, "StopBits"), radio.StopBits, StopBits);

            var ptt = ConfigKey.Child(key, "Ptt");
            Checks.OneOf(problems, ConfigKey.Child(ptt, "Method"), radio.Ptt.Method, PttMethods);
            Checks.NotNegative(problems, ConfigKey.Child(ptt, "LeadMs"), radio.Ptt.LeadMs);
            Checks.NotNegative(problems, ConfigKey.Child(ptt, "TailMs"), radio.Ptt.TailMs);
            var usesCiv = string.Equals(radio.Ptt.Method, "cat-civ", StringComparison.OrdinalIgnoreCase)
                || string.Equals(radio.Squelch.Method, "cat-civ", StringComparison.OrdinalIgnoreCase);
            if (usesCiv && string.IsNullOrWhiteSpace(radio.Ptt.CivAddress))
            {
                problems.Key(ConfigKey.Child(ptt, "CivAddress"), "is required for cat-civ (the radio's CI-V address in hex, e.g. 94)");
            }
            else if (!string.IsNullOrWhiteSpace(radio.Ptt.CivAddress) && !Checks.Hex(radio.Ptt.CivAddress, 2, 2))
            {
                problems.Invalid(ConfigKey.Child(ptt, "CivAddress"), radio.Ptt.CivAddress, "is not a CI-V address (two hex digits, e.g. 94)");
            }

            var squelch = ConfigKey.Child(key, "Squelch");
            Checks.OneOf(problems, ConfigKey.Child(squelch, "Method"), radio.Squelch.Method, SquelchMethods);
            Checks.NotNegative(problems, ConfigKey.Child(squelch, "DebounceMs"), radio.Squelch.DebounceMs);
            Checks.Positive(problems, ConfigKey.Child(squelch, "PollMs"), radio.Squelch.PollMs);
            Checks.NotNegative(problems, ConfigKey.Child(squelch, "MinOpenMs"), radio.Squelch.MinOpenMs);
            Checks.NotNegative(problems, ConfigKey.Child(squelch, "VoxHangMs"), radio.Squelch.VoxHangMs);

            var audio = ConfigKey.Child(key, "Audio");
            Checks.Required(problems, ConfigKey.Child(audio, "Capture"), radio.Audio.Capture);
            Checks.Required(problems, ConfigKey.Child(audio, "Playback"), radio.Audio.Playback);
            Checks.Range(problems, ConfigKey.Child(audio, "SampleRate"), radio.Audio.SampleRate, 8_000, 192_000);

            Checks.Positive(problems, ConfigKey.Child(key, "TransmitTimeoutSeconds"), radio.TransmitTimeoutSeconds);
            Checks.Priority(problems, ConfigKey.Child(key, "Priority"), radio.Priority);
        }
    }
}
