using System.Net;
using System.Net.Sockets;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// Which source addresses may send to an endpoint (addresses or CIDR prefixes). Matches a raw
/// <see cref="SocketAddress"/> without allocating, because it runs for every datagram.
/// </summary>
internal sealed class SourceFilter
{
    private readonly Prefix[] _prefixes;

    private SourceFilter(Prefix[] prefixes, bool allowAll)
    {
        _prefixes = prefixes;
        AllowAll = allowAll;
    }

    public bool AllowAll { get; }

    public static SourceFilter Any { get; } = new([], true);

    /// <summary>Parses entries like <c>10.0.0.5</c>, <c>192.168.1.0/24</c>, <c>::1</c>, <c>fd00::/8</c>.</summary>
    public static SourceFilter Parse(IEnumerable<string> entries, string key)
    {
        var list = new List<Prefix>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var addressText = slash < 0 ? entry : entry[..slash];
            if (!IPAddress.TryParse(addressText, out var address))
            {
                throw new FormatException($"{key}: '{raw}' is not an IP address or CIDR prefix.");
            }

            var bytes = address.GetAddressBytes();
            var bits = bytes.Length * 8;
            if (slash >= 0 && (!int.TryParse(entry.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out bits) || bits < 0 || bits > bytes.Length * 8))
            {
                throw new FormatException($"{key}: '{raw}' has an invalid prefix length.");
            }

            list.Add(new Prefix(address.AddressFamily, bytes, bits));
        }

        return new SourceFilter([.. list], false);
    }

    public static SourceFilter Of(params IPAddress[] addresses) =>
        new([.. addresses.Select(a => new Prefix(a.AddressFamily, a.GetAddressBytes(), a.GetAddressBytes().Length * 8))], false);

    public bool IsAllowed(SocketAddress source)
    {
        if (AllowAll)
        {
            return true;
        }

        var address = AddressBytes(source);
        foreach (var prefix in _prefixes)
        {
            if (prefix.Matches(source.Family, address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The address bytes inside a Linux/Windows sockaddr (port excluded).</summary>
    internal static ReadOnlySpan<byte> AddressBytes(SocketAddress address) => address.Family switch
    {
        AddressFamily.InterNetwork => address.Buffer.Span.Slice(4, 4),
        AddressFamily.InterNetworkV6 => address.Buffer.Span.Slice(8, 16),
        _ => [],
    };

    internal static int Port(SocketAddress address) => (address.Buffer.Span[2] << 8) | address.Buffer.Span[3];

    private sealed record Prefix(AddressFamily Family, byte[] Bytes, int Bits)
    {
        public bool Matches(AddressFamily family, ReadOnlySpan<byte> address)
        {
            if (family != Family || address.Length != Bytes.Length)
            {
                return false;
            }

            var full = Bits / 8;
            if (!address[..full].SequenceEqual(Bytes.AsSpan(0, full)))
            {
                return false;
            }

            var rest = Bits % 8;
            if (rest == 0)
            {
                return true;
            }

            var mask = (byte)(0xFF << (8 - rest));
            return (address[full] & mask) == (Bytes[full] & mask);
        }
    }
}
