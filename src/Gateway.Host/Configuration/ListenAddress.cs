using System.Globalization;
using System.Net;

namespace Gateway.Host.Configuration;

/// <summary>
/// A Kestrel listener from configuration: <c>http://127.0.0.1:50051</c>, <c>https://0.0.0.0:50051</c>, <c>http://[::1]:0</c>,
/// <c>http://localhost:50051</c> (both loopbacks). Hosts must be IP addresses or <c>localhost</c>: a listener binds, it does not resolve.
/// </summary>
public sealed record ListenAddress(string Scheme, IPAddress? Address, int Port)
{
    public bool IsHttps => Scheme == Uri.UriSchemeHttps;

    /// <summary>True for 127.0.0.0/8, ::1 and localhost (<see cref="Address"/> null).</summary>
    public bool IsLoopback => Address is null || IPAddress.IsLoopback(Address);

    public ListenAddress WithPort(int port) => this with { Port = port };

    public override string ToString()
    {
        var host = Address switch
        {
            null => "localhost",
            { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => "[" + Address + "]",
            _ => Address.ToString(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{host}:{Port}");
    }

    public static bool TryParse(string? text, out ListenAddress? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if ((uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo)
            || !HasExplicitPort(text))
        {
            return false;
        }

        IPAddress? address;
        if (uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns)
        {
            address = null;
        }
        else if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out address))
        {
            return false;
        }

        result = new ListenAddress(uri.Scheme, address, uri.Port);
        return true;
    }

    /// <summary>Uri fills in 80/443 when the port is missing; a listener port should be stated.</summary>
    private static bool HasExplicitPort(string text)
    {
        var authority = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && colon < authority.Length - 1;
    }
}
