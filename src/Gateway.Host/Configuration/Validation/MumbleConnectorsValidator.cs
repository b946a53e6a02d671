using Gateway.Connectors.Mumble;

namespace Gateway.Host.Configuration.Validation;

/// <summary>
/// <c>Gateway:Connectors:Mumble</c>: one Mumble server per entry, its channels mapped to talk groups. The settings' rules are
/// the Mumble connector's own (<see cref="MumbleSettingRules"/>, also checked by the connector at start); this adds what only
/// the whole file can tell: ids unique across connectors and mapped talk groups that are configured.
/// </summary>
internal static class MumbleConnectorsValidator
{
    public static void Validate(IReadOnlyList<MumbleConnectorOptions> connectors, ValidationContext context)
    {
        var problems = context.Problems;
        for (var i = 0; i < connectors.Count; i++)
        {
            var mumble = connectors[i];
            var key = ConfigKey.Item("Gateway:Connectors:Mumble", i);
            ConnectorChecks.EndpointId(context, ConfigKey.Child(key, "Id"), mumble.Id);
            foreach (var problem in MumbleSettingRules.Check(mumble))
            {
                problems.Setting(key, problem);
            }

            foreach (var (channel, group) in mumble.Channels)
            {
                // An empty group is already reported by the rules.
                if (!string.IsNullOrWhiteSpace(group))
                {
                    Checks.TalkGroupReference(context, ConfigKey.Child(ConfigKey.Child(key, "Channels"), channel), group);
                }
            }
        }
    }
}
