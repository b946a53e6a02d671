using Gateway.Core.Configuration;

namespace Gateway.Host.Configuration.Validation;

/// <summary><c>Gateway:Units</c>: ids unique, talk groups configured, network identities unique (they identify talkers).</summary>
internal static class UnitsValidator
{
    public static void Validate(IReadOnlyList<UnitOptions> units, ValidationContext context)
    {
        var problems = context.Problems;
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mumbleUsers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var selCalls = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var dtmfIds = new Dictionary<string, string>(StringComparer.Ordinal);

        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var key = ConfigKey.Item("Gateway:Units", i);
            if (Checks.Id(problems, ConfigKey.Child(key, "Id"), unit.Id) && !ids.Add(unit.Id))
            {
                problems.Invalid(ConfigKey.Child(key, "Id"), unit.Id, "is duplicated");
            }

            for (var g = 0; g < unit.TalkGroups.Count; g++)
            {
                Checks.TalkGroupReference(context, ConfigKey.Item(ConfigKey.Child(key, "TalkGroups"), g), unit.TalkGroups[g]);
            }

            for (var g = 0; g < unit.MutualAidTalkGroups.Count; g++)
            {
                Checks.TalkGroupReference(context, ConfigKey.Item(ConfigKey.Child(key, "MutualAidTalkGroups"), g), unit.MutualAidTalkGroups[g]);
            }

            Unique(problems, mumbleUsers, ConfigKey.Child(key, "MumbleUser"), unit.MumbleUser);

            var selCallKey = ConfigKey.Child(key, "SelCall");
            if (!string.IsNullOrEmpty(unit.SelCall) && (unit.SelCall.Length > 8 || !unit.SelCall.All(char.IsAsciiDigit)))
            {
                problems.Invalid(selCallKey, unit.SelCall, "is not a selective-call code (1 to 8 digits)");
            }
            else
            {
                Unique(problems, selCalls, selCallKey, unit.SelCall);
            }

            var dtmfKey = ConfigKey.Child(key, "DtmfId");
            if (!string.IsNullOrEmpty(unit.DtmfId) && (unit.DtmfId.Length > 8 || !unit.DtmfId.All(IsDtmfDigit)))
            {
                problems.Invalid(dtmfKey, unit.DtmfId, "is not a DTMF id (1 to 8 of 0-9, A-D, *, #)");
            }
            else
            {
                Unique(problems, dtmfIds, dtmfKey, unit.DtmfId);
            }
        }
    }

    private static void Unique(ConfigurationProblems problems, Dictionary<string, string> seen, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!seen.TryAdd(value, key))
        {
            problems.Invalid(key, value, "is already used by " + seen[value]);
        }
    }

    private static bool IsDtmfDigit(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'D' or '*' or '#';
}
