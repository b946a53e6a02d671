using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Connectors.Mumble.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Connectors.Mumble.Tests.Transport;

public sealed class ServerCertificatePolicyTests
{
    private static X509Certificate2 SelfSigned(string name = "murmur")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    [Fact]
    public void Validate_PinnedFingerprintMatches_AcceptsDespiteChainErrors()
    {
        using var cert = SelfSigned();
        var pin = string.Join(':', Convert.ToHexString(SHA256.HashData(cert.RawData)).Chunk(2).Select(c => new string(c))).ToLowerInvariant();
        var policy = new ServerCertificatePolicy("poc", pin, acceptInvalidCertificate: false, NullLogger.Instance);

        Assert.True(policy.Validate(cert, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.Null(policy.LastRejection);
    }

    [Fact]
    public void Validate_PinnedFingerprintDiffers_RejectsEvenWithAcceptInvalid()
    {
        using var pinned = SelfSigned("a");
        using var presented = SelfSigned("b");
        var policy = new ServerCertificatePolicy("poc", ServerCertificatePolicy.Fingerprint(pinned), acceptInvalidCertificate: true, NullLogger.Instance);

        Assert.False(policy.Validate(presented, SslPolicyErrors.None));
        Assert.Contains(ServerCertificatePolicy.Fingerprint(presented), policy.LastRejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoPinTrustedChain_Accepts()
    {
        using var cert = SelfSigned();
        var policy = new ServerCertificatePolicy("poc", null, acceptInvalidCertificate: false, NullLogger.Instance);

        Assert.True(policy.Validate(cert, SslPolicyErrors.None));
    }

    [Fact]
    public void Validate_NoPinUntrusted_RejectsAndSuggestsFingerprint()
    {
        using var cert = SelfSigned();
        var policy = new ServerCertificatePolicy("poc", "", acceptInvalidCertificate: false, NullLogger.Instance);

        Assert.False(policy.Validate(cert, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("CertificateFingerprint=" + ServerCertificatePolicy.Fingerprint(cert), policy.LastRejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UntrustedWithAcceptInvalid_AcceptsAndWarns()
    {
        using var cert = SelfSigned();
        var logger = new CollectingLogger();
        var policy = new ServerCertificatePolicy("poc", null, acceptInvalidCertificate: true, logger);

        Assert.True(policy.Validate(cert, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("ACCEPTING", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoCertificate_Rejects()
    {
        var policy = new ServerCertificatePolicy("poc", null, acceptInvalidCertificate: true, NullLogger.Instance);

        Assert.False(policy.Validate(null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Theory]
    [InlineData("abcd")]
    [InlineData("zz")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")] // SHA-1: the server's certificate is compared by SHA-256
    [InlineData("x3FA1095CD27E44B0916A0CE52873DF19AB54C6028EF7319D604BE815A2CC7903")] // a stray character is not skipped
    public void NormalizeFingerprint_NotSha256_ThrowsNamingKey(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ServerCertificatePolicy.NormalizeFingerprint(value));
        Assert.Contains("CertificateFingerprint", error.Message, StringComparison.Ordinal);
    }
}
