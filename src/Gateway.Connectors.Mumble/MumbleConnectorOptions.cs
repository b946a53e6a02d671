namespace Gateway.Connectors.Mumble;

/// <summary><c>Gateway:Connectors:Mumble[i]</c> (configuration contract): one Mumble server the gateway joins as a client.</summary>
public sealed class MumbleConnectorOptions
{
    public string Id { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 64738;

    public string Username { get; set; } = "gateway";

    /// <summary>Server password; never logged.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>SHA-256 fingerprint (hex) of the server certificate to pin.</summary>
    public string CertificateFingerprint { get; set; } = string.Empty;

    /// <summary>Accept any server certificate (logged loudly). Only for test servers.</summary>
    public bool AcceptInvalidCertificate { get; set; }

    /// <summary>Optional client certificate (PKCS#12) for a registered user.</summary>
    public string? ClientCertificate { get; set; }

    public string? ClientCertificatePassword { get; set; }

    /// <summary>Mumble channel path (e.g. <c>Tianhe/Sports</c>) → talk group id.</summary>
    public Dictionary<string, string> Channels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Priority of Mumble talkers: normal by default.</summary>
    public string Priority { get; set; } = "normal";

    public int Bitrate { get; set; } = 32_000;

    public int ReconnectMaxSeconds { get; set; } = 30;

    /// <summary>
    /// Check a unit in (on duty) when its Mumble user (<c>Units[].MumbleUser</c>) joins a mapped channel of one of the
    /// unit's talk groups. Off by default; leaving the channel never checks the unit out.
    /// </summary>
    public bool AutoCheckIn { get; set; }

    /// <summary>Text replies counted as an acknowledgement.</summary>
    public List<string> AckKeywords { get; set; } = ["ack", "1", "收到"];
}
