using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Auth;

/// <summary>
/// The API keys the server accepts, held only as SHA-256 hashes. Configured keys come from <c>Gateway:Grpc:ApiKeys</c>;
/// with none configured (and auth required) a generated admin key is used (see <see cref="AdminKeyBootstrap"/>).
/// </summary>
public sealed partial class ApiKeyRegistry
{
    private readonly Entry[] _entries;

    public ApiKeyRegistry(IOptions<GrpcOptions> options, ILogger<ApiKeyRegistry> logger)
    {
        var o = options.Value;
        RequireAuth = o.RequireAuth;
        var entries = new List<Entry>();
        var problems = new List<string>();
        for (var i = 0; i < o.ApiKeys.Count; i++)
        {
            var key = o.ApiKeys[i];
            var path = $"Gateway:Grpc:ApiKeys:{i}";
            var hash = key.KeySha256?.Trim() ?? string.Empty;
            if (hash.Length != 64 || !IsHex(hash))
            {
                problems.Add($"{path}:KeySha256 must be the 64 hex digits of the key's SHA-256");
                continue;
            }

            if (!TryParseRoles(key.Roles, out var role, out var bad))
            {
                problems.Add($"{path}:Roles has '{bad}'; use observer, dispatcher or admin");
                continue;
            }

            var name = string.IsNullOrWhiteSpace(key.Name) ? $"key-{i}" : key.Name;
            entries.Add(new Entry(Convert.FromHexString(hash), new ApiCaller(name, role, key.TalkGroups)));
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException("Gateway:Grpc", typeof(GrpcOptions), problems);
        }

        if (entries.Count == 0 && o.RequireAuth)
        {
            var bootstrap = new AdminKeyBootstrap(o.DataDirectory);
            var result = bootstrap.Ensure();
            if (result.KeyFileWritten)
            {
                LogAdminKeyCreated(logger, result.KeyFilePath);
            }
            else
            {
                LogAdminKeyLoaded(logger, result.HashFilePath);
            }

            entries.Add(new Entry(result.Hash, new ApiCaller("admin (generated)", ApiRole.Admin, ["*"])));
        }

        _entries = [.. entries];
        LogKeysLoaded(logger, _entries.Length, o.RequireAuth);
    }

    public bool RequireAuth { get; }

    /// <summary>Caller used when <see cref="GrpcOptions.RequireAuth"/> is off: full rights.</summary>
    public static ApiCaller Anonymous { get; } = new("anonymous", ApiRole.Admin, ["*"]);

    /// <summary>Finds the key's caller. Compares the hash with every entry in constant time (no early exit).</summary>
    public ApiCaller? Authenticate(string presentedKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(presentedKey), hash);
        ApiCaller? match = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash))
            {
                match ??= entry.Caller;
            }
        }

        return match;
    }

    private static bool IsHex(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseRoles(List<string> roles, out ApiRole role, out string bad)
    {
        role = ApiRole.Observer;
        bad = string.Empty;
        if (roles.Count == 0)
        {
            bad = "(none)";
            return false;
        }

        foreach (var r in roles)
        {
            ApiRole parsed;
            switch (r.Trim().ToUpperInvariant())
            {
                case "OBSERVER": parsed = ApiRole.Observer; break;
                case "DISPATCHER": parsed = ApiRole.Dispatcher; break;
                case "ADMIN": parsed = ApiRole.Admin; break;
                default:
                    bad = r;
                    return false;
            }

            if (parsed > role)
            {
                role = parsed;
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "No gRPC API key configured: generated an admin key and wrote it once to {KeyFile} (mode 0600); only its hash is kept. Configure Gateway:Grpc:ApiKeys for production.")]
    private static partial void LogAdminKeyCreated(ILogger logger, string keyFile);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "No gRPC API key configured: using the generated admin key whose hash is in {HashFile}")]
    private static partial void LogAdminKeyLoaded(ILogger logger, string hashFile);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "gRPC API keys loaded: {Count} (authentication required: {RequireAuth})")]
    private static partial void LogKeysLoaded(ILogger logger, int count, bool requireAuth);

    private sealed record Entry(byte[] Hash, ApiCaller Caller);
}
