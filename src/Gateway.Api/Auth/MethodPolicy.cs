using System.Collections.Frozen;

namespace Gateway.Api.Auth;

/// <summary>The role each gRPC method needs (contract: observer reads, dispatcher talks/pages/checks in, admin changes topology).</summary>
public static class MethodPolicy
{
    private static readonly FrozenDictionary<string, ApiRole> Roles = new Dictionary<string, ApiRole>(StringComparer.Ordinal)
    {
        ["/gateway.v1.TalkGroups/ListTalkGroups"] = ApiRole.Observer,
        ["/gateway.v1.TalkGroups/GetTalkGroup"] = ApiRole.Observer,
        ["/gateway.v1.TalkGroups/CreateTalkGroup"] = ApiRole.Admin,
        ["/gateway.v1.TalkGroups/UpdateTalkGroup"] = ApiRole.Admin,
        ["/gateway.v1.TalkGroups/DeleteTalkGroup"] = ApiRole.Admin,
        ["/gateway.v1.TalkGroups/Patch"] = ApiRole.Admin,
        ["/gateway.v1.TalkGroups/Unpatch"] = ApiRole.Admin,
        ["/gateway.v1.Units/ListUnits"] = ApiRole.Observer,
        ["/gateway.v1.Units/GetUnit"] = ApiRole.Observer,
        ["/gateway.v1.Units/CheckIn"] = ApiRole.Dispatcher,
        ["/gateway.v1.Units/CheckOut"] = ApiRole.Dispatcher,
        ["/gateway.v1.Units/ListEndpoints"] = ApiRole.Observer,
        // Dispatcher: integrations and PoC apps report positions with a dispatcher key (limited to their talk groups).
        // Not audited: reports arrive every few seconds per unit and are kept as the unit's last position instead.
        ["/gateway.v1.Units/ReportPosition"] = ApiRole.Dispatcher,
        ["/gateway.v1.Calls/Talk"] = ApiRole.Dispatcher,
        ["/gateway.v1.Calls/Monitor"] = ApiRole.Observer,
        ["/gateway.v1.Calls/ListCalls"] = ApiRole.Observer,
        ["/gateway.v1.Calls/GetRecording"] = ApiRole.Observer,
        ["/gateway.v1.Alerts/Broadcast"] = ApiRole.Dispatcher,
        ["/gateway.v1.Alerts/GetAlert"] = ApiRole.Observer,
        ["/gateway.v1.Alerts/ListAlerts"] = ApiRole.Observer,
        ["/gateway.v1.Alerts/Acknowledge"] = ApiRole.Dispatcher,
        ["/gateway.v1.Alerts/CancelAlert"] = ApiRole.Dispatcher,
        ["/gateway.v1.Events/Subscribe"] = ApiRole.Observer,
        ["/gateway.v1.Endpoints/CreateRtpEndpoint"] = ApiRole.Admin,
        ["/gateway.v1.Endpoints/DeleteEndpoint"] = ApiRole.Admin,
        ["/gateway.v1.Endpoints/GetEndpoint"] = ApiRole.Observer,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The unary calls that change state: each one gets an audit row (Talk is recorded as call records instead).</summary>
    private static readonly FrozenSet<string> Mutations = new[]
    {
        "/gateway.v1.TalkGroups/CreateTalkGroup", "/gateway.v1.TalkGroups/UpdateTalkGroup", "/gateway.v1.TalkGroups/DeleteTalkGroup",
        "/gateway.v1.TalkGroups/Patch", "/gateway.v1.TalkGroups/Unpatch",
        "/gateway.v1.Units/CheckIn", "/gateway.v1.Units/CheckOut",
        "/gateway.v1.Alerts/Broadcast", "/gateway.v1.Alerts/Acknowledge", "/gateway.v1.Alerts/CancelAlert",
        "/gateway.v1.Endpoints/CreateRtpEndpoint", "/gateway.v1.Endpoints/DeleteEndpoint",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsMutation(string method) => Mutations.Contains(method);

    /// <summary>Health checks answer without a key (load balancers, systemd watchdogs, orchestrators).</summary>
    public static bool IsExempt(string method) => method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal);

    /// <summary>The role a method needs. Server reflection needs observer; anything not listed needs admin (deny by default).</summary>
    public static ApiRole Required(string method)
    {
        if (Roles.TryGetValue(method, out var role))
        {
            return role;
        }

        return method.StartsWith("/grpc.reflection.", StringComparison.Ordinal) ? ApiRole.Observer : ApiRole.Admin;
    }
}
