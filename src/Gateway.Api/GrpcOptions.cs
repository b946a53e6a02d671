namespace Gateway.Api;

/// <summary><c>Gateway:Grpc</c> (configuration contract).</summary>
public sealed class GrpcOptions
{
    /// <summary>The gRPC listener, <c>http://host:port</c> (h2c) or <c>https://host:port</c> with <see cref="CertificatePath"/>.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:50051";

    /// <summary>HTTP/1.1 listener for <c>/metrics</c> (Prometheus scrapes over HTTP/1.1; gRPC needs an HTTP/2-only endpoint). Empty = gRPC port + 1.</summary>
    public string? MetricsListen { get; set; }

    public bool RequireAuth { get; set; } = true;

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public string? CertificatePath { get; set; }

    /// <summary>Certificate password; never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Concurrent streaming calls allowed per key.</summary>
    public int MaxStreamsPerKey { get; set; } = 16;

    /// <summary>
    /// Where the generated admin key (hash and, once, the key itself in <c>admin.key</c>) lives when no key is configured.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Messages per second a client may send on one Talk stream (audio chunks of any size count one each).</summary>
    public int MaxTalkMessagesPerSecond { get; set; } = 200;

    /// <summary>Calls kept by the in-memory call log that serves ListCalls while storage is not wired (newest kept).</summary>
    public int CallLogCapacity { get; set; } = 10_000;
}

/// <summary><c>Gateway:Grpc:ApiKeys[i]</c>: a key stored as its SHA-256 hash.</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public string KeySha256 { get; set; } = string.Empty;

    /// <summary>observer, dispatcher, admin.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>
    /// Talk groups this key may use; empty or <c>*</c> = all. (Empty by default: configuration binding appends to a
    /// list, so a default of <c>*</c> would silently widen every restricted key.)
    /// </summary>
    public List<string> TalkGroups { get; set; } = [];
}
