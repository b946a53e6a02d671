using Gateway.Connectors.Serial;

namespace Gateway.Host.Configuration.Validation;

/// <summary>
/// <c>Gateway:Connectors:Serial</c>: one radio per entry. The settings' rules are the serial connector's own
/// (<see cref="SerialSettingRules"/>, also checked by the connector at start); this adds what only the whole file can tell:
/// ids unique across connectors, the talk group configured, and no serial port driven by two radios.
/// </summary>
internal static class SerialRadiosValidator
{
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
            foreach (var problem in SerialSettingRules.Check(radio))
            {
                problems.Setting(key, problem);
            }

            // A VOX-only radio never opens its port, so a port written there anyway cannot clash.
            var portKey = ConfigKey.Child(key, "Port");
            if (SerialSettingRules.NeedsPort(radio) && !string.IsNullOrWhiteSpace(radio.Port) && !ports.TryAdd(radio.Port, portKey))
            {
                problems.Invalid(portKey, radio.Port, "is already used by " + ports[radio.Port]);
            }
        }
    }
}
