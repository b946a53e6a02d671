using Gateway.Core.Configuration;

namespace Gateway.Host.Configuration.Validation;

/// <summary>
/// <c>Gateway:Units[i]:Endpoints</c>: each entry is a configured RTP endpoint or serial radio, bound to one unit only.
/// A Mumble connector is not one terminal (its users are bound by <c>MumbleUser</c>). Endpoints created through the
/// API are bound with the create request's <c>unit_id</c> instead.
/// </summary>
internal static class UnitEndpointsValidator
{
    private const string MumblePrefix = "Gateway:Connectors:Mumble[";

    public static void Validate(IReadOnlyList<UnitOptions> units, ValidationContext context)
    {
        var problems = context.Problems;
        var boundBy = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            var list = ConfigKey.Child(ConfigKey.Item("Gateway:Units", i), "Endpoints");
            for (var e = 0; e < units[i].Endpoints.Count; e++)
            {
                var key = ConfigKey.Item(list, e);
                var id = units[i].Endpoints[e];
                if (!Checks.Required(problems, key, id))
                {
                    continue;
                }

                id = id.Trim();
                var definedAt = context.EndpointKey(id);
                if (definedAt is null)
                {
                    problems.Invalid(key, id, "is not a configured endpoint (an Id of Gateway:Connectors:Rtp or Gateway:Connectors:Serial)");
                }
                else if (definedAt.StartsWith(MumblePrefix, StringComparison.Ordinal))
                {
                    problems.Invalid(key, id, "is a Mumble connector, not one terminal (bind a PoC user with the unit's MumbleUser)");
                }
                else if (!boundBy.TryAdd(id, key) && !boundBy[id].StartsWith(list + "[", StringComparison.Ordinal))
                {
                    problems.Invalid(key, id, "is already bound to another unit by " + boundBy[id]);
                }
            }
        }
    }
}
