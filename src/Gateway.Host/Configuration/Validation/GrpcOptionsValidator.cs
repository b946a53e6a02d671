using Gateway.Api;

namespace Gateway.Host.Configuration.Validation;

/// <summary><c>Gateway:Grpc</c>: listeners, TLS certificate, API keys (hash format, roles, talk groups).</summary>
internal static class GrpcOptionsValidator
{
    public static readonly string[] Roles = ["observer", "dispatcher", "admin"];

    public static void Validate(GrpcOptions grpc, ValidationContext context)
    {
        var problems = context.Problems;
        var grpcListen = ValidateListeners(grpc, problems);

        if (!grpc.RequireAuth && grpcListen is { IsLoopback: false })
        {
            problems.Invalid("Gateway:Grpc:RequireAuth", Checks.Text(false), "is only allowed when Gateway:Grpc:Listen is a loopback address");
        }

        // RequireAuth with no ApiKeys is valid: the first start generates an admin key (data/admin.key, mode 0600).

        Checks.Positive(problems, "Gateway:Grpc:MaxStreamsPerKey", grpc.MaxStreamsPerKey);
        ValidateKeys(grpc.ApiKeys, context);
    }

    /// <summary>The gRPC listener and the metrics listener (default: same host, gRPC port + 1). Shared with the Kestrel setup.</summary>
    public static ListenAddress? ResolveMetricsListen(GrpcOptions grpc, ListenAddress grpcListen)
    {
        if (!string.IsNullOrWhiteSpace(grpc.MetricsListen))
        {
            return ListenAddress.TryParse(grpc.MetricsListen, out var explicitListen) ? explicitListen : null;
        }

        // Port 0 (tests) stays 0: the OS picks both.
        var port = grpcListen.Port == 0 ? 0 : grpcListen.Port + 1;
        return port > System.Net.IPEndPoint.MaxPort ? null : new ListenAddress(Uri.UriSchemeHttp, grpcListen.Address, port);
    }

    private static ListenAddress? ValidateListeners(GrpcOptions grpc, ConfigurationProblems problems)
    {
        if (!ListenAddress.TryParse(grpc.Listen, out var listen) || listen is null)
        {
            problems.Invalid("Gateway:Grpc:Listen", grpc.Listen, "is not a valid listen URL (http://<ip>:<port> or https://<ip>:<port>)");
            return null;
        }

        if (listen.IsHttps)
        {
            if (string.IsNullOrWhiteSpace(grpc.CertificatePath))
            {
                problems.Key("Gateway:Grpc:CertificatePath", "is required for an https:// Gateway:Grpc:Listen");
            }
            else if (!File.Exists(grpc.CertificatePath))
            {
                problems.Invalid("Gateway:Grpc:CertificatePath", grpc.CertificatePath, "does not exist");
            }
        }

        var metrics = ResolveMetricsListen(grpc, listen);
        if (metrics is null)
        {
            if (string.IsNullOrWhiteSpace(grpc.MetricsListen))
            {
                problems.Key("Gateway:Grpc:MetricsListen", "is required: Gateway:Grpc:Listen uses the last port, so gRPC port + 1 is not available");
            }
            else
            {
                problems.Invalid("Gateway:Grpc:MetricsListen", grpc.MetricsListen, "is not a valid listen URL (http://<ip>:<port>)");
            }
        }
        else if (metrics.IsHttps)
        {
            problems.Invalid("Gateway:Grpc:MetricsListen", grpc.MetricsListen, "must be an http:// URL (Prometheus scrapes plain HTTP/1.1)");
        }
        else if (metrics.Port != 0 && metrics.Port == listen.Port && Overlap(metrics, listen))
        {
            problems.Invalid("Gateway:Grpc:MetricsListen", grpc.MetricsListen, "uses the same port as Gateway:Grpc:Listen");
        }

        return listen;
    }

    private static bool Overlap(ListenAddress a, ListenAddress b) =>
        a.Address is null || b.Address is null || a.Address.Equals(b.Address)
        || a.Address.Equals(System.Net.IPAddress.Any) || b.Address.Equals(System.Net.IPAddress.Any)
        || a.Address.Equals(System.Net.IPAddress.IPv6Any) || b.Address.Equals(System.Net.IPAddress.IPv6Any);

    private static void ValidateKeys(IReadOnlyList<ApiKeyOptions> keys, ValidationContext context)
    {
        var problems = context.Problems;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < keys.Count; i++)
        {
            var apiKey = keys[i];
            var key = ConfigKey.Item("Gateway:Grpc:ApiKeys", i);
            if (Checks.Required(problems, ConfigKey.Child(key, "Name"), apiKey.Name) && !names.Add(apiKey.Name))
            {
                problems.Invalid(ConfigKey.Child(key, "Name"), apiKey.Name, "is duplicated");
            }

            var hashKey = ConfigKey.Child(key, "KeySha256");
            if (Checks.Required(problems, hashKey, apiKey.KeySha256))
            {
                // Keys are compared as lower-case hex digests; an upper-case or truncated hash would never match.
                if (apiKey.KeySha256.Length != 64 || !apiKey.KeySha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
                {
                    problems.Invalid(hashKey, apiKey.KeySha256, "is not a SHA-256 hash (64 lower-case hex digits, e.g. from: printf %s KEY | sha256sum)");
                }
                else if (!hashes.Add(apiKey.KeySha256))
                {
                    problems.Invalid(hashKey, apiKey.KeySha256, "is duplicated");
                }
            }

            if (apiKey.Roles.Count == 0)
            {
                problems.Key(ConfigKey.Child(key, "Roles"), "is required (one or more of " + string.Join(", ", Roles) + ")");
            }

            for (var r = 0; r < apiKey.Roles.Count; r++)
            {
                Checks.OneOf(problems, ConfigKey.Item(ConfigKey.Child(key, "Roles"), r), apiKey.Roles[r], Roles);
            }

            for (var g = 0; g < apiKey.TalkGroups.Count; g++)
            {
                if (apiKey.TalkGroups[g] != "*")
                {
                    Checks.TalkGroupReference(context, ConfigKey.Item(ConfigKey.Child(key, "TalkGroups"), g), apiKey.TalkGroups[g]);
                }
            }
        }
    }
}
