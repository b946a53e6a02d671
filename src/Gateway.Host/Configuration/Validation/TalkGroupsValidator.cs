using Gateway.Core.Configuration;

namespace Gateway.Host.Configuration.Validation;

/// <summary><c>Gateway:TalkGroups</c>: ids unique, timers sane. Runs first: the other validators refer to its ids.</summary>
internal static class TalkGroupsValidator
{
    public static void Validate(IReadOnlyList<TalkGroupOptions> groups, ValidationContext context)
    {
        var problems = context.Problems;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var key = ConfigKey.Item("Gateway:TalkGroups", i);
            if (Checks.Id(problems, ConfigKey.Child(key, "Id"), group.Id))
            {
                if (seen.Add(group.Id))
                {
                    context.AddTalkGroup(group.Id);
                }
                else
                {
                    problems.Invalid(ConfigKey.Child(key, "Id"), group.Id, "is duplicated");
                }
            }

            // The core's limits (CoreOptionsMapping): 0 means no limit / no expiry for the two second-valued timers.
            CheckTimer(problems, ConfigKey.Child(key, "HangTimeMs"), group.HangTimeMs, 60_000);
            CheckTimer(problems, ConfigKey.Child(key, "MaxTransmitSeconds"), group.MaxTransmitSeconds, 3600);
            CheckTimer(problems, ConfigKey.Child(key, "QueueTimeoutSeconds"), group.QueueTimeoutSeconds, 3600);
        }
    }

    private static void CheckTimer(ConfigurationProblems problems, string key, int value, int max)
    {
        if (Checks.NotNegative(problems, key, value))
        {
            Checks.Range(problems, key, value, 0, max);
        }
    }
}
