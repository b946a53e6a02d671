namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>The peer sent bytes that break the Mumble protocol (bad length, invalid protobuf...). The connection is closed and re-established.</summary>
public sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException()
    {
    }

    public ProtocolViolationException(string message)
        : base(message)
    {
    }

    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Formats up to 16 bytes as hex for error messages ("quoting the bytes").</summary>
    internal static string Quote(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > 16 ? bytes[..16] : bytes;
        return Convert.ToHexString(shown) + (bytes.Length > 16 ? "..." : string.Empty);
    }
}
