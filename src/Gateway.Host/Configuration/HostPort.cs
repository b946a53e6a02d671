using System.Globalization;
using System.Net;

namespace Gateway.Host.Configuration;

/// <summary>A <c>host:port</c> endpoint as written in configuration (<c>127.0.0.1:40000</c>, <c>[::1]:40000</c>, <c>radio.local:5004</c>).</summary>
public readonly record struct HostPort(string Host, int Port)
{
    /// <summary>The host as an IP address, or null when it is a DNS name.</summary>
    public IPAddress? Address => IPAddress.TryParse(Host, out var address) ? address : null;

    public override string ToString() =>
        Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 }
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Parses <c>host:port</c>; the port must be written and lie in 0..65535 (callers decide whether 0 is allowed).</summary>
    public static bool TryParse(string? text, out HostPort result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                // No port, or an IPv6 address without brackets (ambiguous).
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns)
            {
                return false;
            }
        }

        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit))
        {
            return false;
        }

        var number = int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture);
        if (number > IPEndPoint.MaxPort)
        {
            return false;
        }

        result = new HostPort(host, number);
        return true;
    }
}
