using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Transport;

/// <summary>
/// Decides whether to trust the Mumble server's certificate. Mumble servers usually run self-signed certificates, so
/// besides the system store the operator can pin the certificate's SHA-256 fingerprint; accepting anything is an explicit,
/// loudly logged opt-in for test servers. Validation is never silently switched off.
/// </summary>
internal sealed partial class ServerCertificatePolicy
{
    private readonly string? _pinnedFingerprint;
    private readonly bool _acceptInvalid;
    private readonly string _connectorId;
    private readonly ILogger _logger;

    public ServerCertificatePolicy(string connectorId, string? certificateFingerprint, bool acceptInvalidCertificate, ILogger logger)
    {
        _connectorId = connectorId;
        _pinnedFingerprint = string.IsNullOrWhiteSpace(certificateFingerprint) ? null : NormalizeFingerprint(certificateFingerprint);
        _acceptInvalid = acceptInvalidCertificate;
        _logger = logger;
    }

    /// <summary>The reason of the last rejection (for the connection error), or null.</summary>
    public string? LastRejection { get; private set; }

    /// <summary>Accepts "AB:CD:..", "abcd..", with spaces or colons; returns upper-case hex without separators.</summary>
    public static string NormalizeFingerprint(string fingerprint) =>
        MumbleSettingRules.NormalizeFingerprint(fingerprint)
        ?? throw new ArgumentException($"CertificateFingerprint is not a SHA-256 fingerprint ({MumbleSettingRules.FingerprintHexDigits} hex digits, ':' or spaces between them allowed).", nameof(fingerprint));

    public static string Fingerprint(X509Certificate certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            LastRejection = "the server sent no certificate";
            LogRejected(_logger, _connectorId, LastRejection);
            return false;
        }

        var fingerprint = Fingerprint(certificate);
        if (_pinnedFingerprint is not null)
        {
            // A pinned fingerprint replaces chain and name checks: that is the point of pinning a self-signed certificate.
            if (string.Equals(fingerprint, _pinnedFingerprint, StringComparison.Ordinal))
            {
                LastRejection = null;
                return true;
            }

            LastRejection = $"certificate fingerprint {fingerprint} does not match the pinned {_pinnedFingerprint}";
            LogRejected(_logger, _connectorId, LastRejection);
            return false;
        }

        if (errors == SslPolicyErrors.None)
        {
            LastRejection = null;
            return true;
        }

        if (_acceptInvalid)
        {
            LogAcceptingInvalid(_logger, _connectorId, errors, fingerprint);
            LastRejection = null;
            return true;
        }

        LastRejection = $"certificate not trusted ({errors}); pin it with CertificateFingerprint={fingerprint} or install its CA";
        LogRejected(_logger, _connectorId, LastRejection);
        return false;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "Mumble {ConnectorId}: ACCEPTING AN UNTRUSTED SERVER CERTIFICATE ({Errors}, SHA-256 {Fingerprint}) because AcceptInvalidCertificate=true. Anyone on the path can impersonate this server; pin the fingerprint instead.")]
    private static partial void LogAcceptingInvalid(ILogger logger, string connectorId, SslPolicyErrors errors, string fingerprint);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Mumble {ConnectorId}: server certificate rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string connectorId, string reason);
}
