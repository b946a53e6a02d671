using System.Security.Cryptography;
using System.Text;

namespace Gateway.Api.Auth;

/// <summary>How keys are stored and compared: SHA-256 of the UTF-8 key, lower-case hex in configuration.</summary>
public static class ApiKeyHash
{
    public static byte[] Compute(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string ComputeHex(string key) => Convert.ToHexStringLower(Compute(key));

    /// <summary>A new random key: 32 bytes from the OS CSPRNG, URL-safe base64 with a recognisable prefix.</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return "gw_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
