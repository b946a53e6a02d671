using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Transport;
using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Connectors.Rtp;

/// <summary>Validated, parsed form of <see cref="RtpEndpointOptions"/> (the runtime never touches the raw strings).</summary>
internal sealed record RtpEndpointSettings(
    EndpointId Id,
    TalkGroupId TalkGroup,
    IPEndPoint Listen,
    IPEndPoint? Remote,
    IPAddress? Multicast,
    IPAddress? MulticastInterface,
    int Ttl,
    SourceFilter AllowedSources,
    CodecProfile Profile,
    byte PayloadType,
    byte TelephoneEventPayloadType,
    Priority Priority,
    TimeSpan StreamEnd,
    TimeSpan JitterMin,
    TimeSpan JitterMax,
    int MaxPacketsPerSecond)
{
    /// <summary>The payload clock (RFC 7587: Opus is always 48 kHz; G.711 8 kHz).</summary>
    public int ClockRate => Profile.Codec == CodecKind.Opus ? OpusPayload.ClockRate : G711Payload.ClockRate;

    /// <summary>Parses and validates; throws <see cref="RtpConfigurationException"/> listing every problem with its key.</summary>
    public static RtpEndpointSettings Parse(RtpEndpointOptions options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Id))
        {
            errors.Add($"{key}:Id is required.");
        }

        if (string.IsNullOrWhiteSpace(options.TalkGroup))
        {
            errors.Add($"{key}:TalkGroup is required.");
        }

        var listen = ParseEndPoint(options.Listen, $"{key}:Listen", errors, required: true);
        var remote = string.IsNullOrWhiteSpace(options.Remote) ? null : ParseEndPoint(options.Remote, $"{key}:Remote", errors, required: true);
        IPAddress? group = null;
        IPAddress? nic = null;
        if (!string.IsNullOrWhiteSpace(options.Multicast))
        {
            if (!IPAddress.TryParse(options.Multicast, out group) || !IsMulticast(group))
            {
                errors.Add($"{key}:Multicast '{options.Multicast}' is not a multicast address (224.0.0.0/4 or ff00::/8).");
                group = null;
            }

            if (remote is not null)
            {
                errors.Add($"{key}: set either Remote or Multicast, not both.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.MulticastInterface) && !IPAddress.TryParse(options.MulticastInterface, out nic))
        {
            errors.Add($"{key}:MulticastInterface '{options.MulticastInterface}' is not an IP address.");
        }

        if (options.Ttl is < 0 or > 255)
        {
            errors.Add($"{key}:Ttl must be 0..255, not {options.Ttl}.");
        }

        CodecProfile profile = default;
        byte defaultPt = 0;
        switch (options.Codec?.Trim().ToUpperInvariant())
        {
            case "OPUS":
                if (options.Bitrate is < 6_000 or > 510_000)
                {
                    errors.Add($"{key}:Bitrate must be 6000..510000 for Opus, not {options.Bitrate}.");
                }

                profile = CodecProfile.Opus(options.Bitrate);
                defaultPt = 111;
                break;
            case "PCMU":
                profile = CodecProfile.Pcmu;
                defaultPt = G711Payload.PcmuPayloadType;
                break;
            case "PCMA":
                profile = CodecProfile.Pcma;
                defaultPt = G711Payload.PcmaPayloadType;
                break;
            default:
                errors.Add($"{key}:Codec '{options.Codec}' is not one of opus, pcmu, pcma.");
                break;
        }

        var pt = options.PayloadType < 0 ? defaultPt : options.PayloadType;
        if (pt > 127)
        {
            errors.Add($"{key}:PayloadType must be 0..127, not {options.PayloadType}.");
        }

        if (options.TelephoneEventPayloadType is < 96 or > 127)
        {
            errors.Add($"{key}:TelephoneEventPayloadType must be a dynamic type 96..127, not {options.TelephoneEventPayloadType}.");
        }
        else if (options.TelephoneEventPayloadType == pt)
        {
            errors.Add($"{key}:TelephoneEventPayloadType must differ from PayloadType ({pt}).");
        }

        if (!Enum.TryParse<Priority>(options.Priority, ignoreCase: true, out var priority) || !Enum.IsDefined(priority) || int.TryParse(options.Priority, out _))
        {
            errors.Add($"{key}:Priority '{options.Priority}' is not one of normal, dispatcher, alert, emergency.");
        }

        if (options.StreamEndMs is < 40 or > 10_000)
        {
            errors.Add($"{key}:StreamEndMs must be 40..10000, not {options.StreamEndMs}.");
        }

        if (options.JitterMinMs < 0 || options.JitterMaxMs < options.JitterMinMs || options.JitterMaxMs > 2000)
        {
            errors.Add($"{key}:JitterMinMs/JitterMaxMs must satisfy 0 <= min <= max <= 2000 (got {options.JitterMinMs}/{options.JitterMaxMs}).");
        }

        if (options.MaxPacketsPerSecond < 0)
        {
            errors.Add($"{key}:MaxPacketsPerSecond must be >= 0 (0 = unlimited).");
        }

        SourceFilter filter = SourceFilter.Any;
        try
        {
            if (options.AllowedSources.Count > 0)
            {
                filter = SourceFilter.Parse(options.AllowedSources, $"{key}:AllowedSources");
            }
            else if (remote is not null)
            {
                filter = SourceFilter.Of(remote.Address);
            }
            else if (group is null)
            {
                filter = SourceFilter.Of(IPAddress.Loopback, IPAddress.IPv6Loopback);
            }
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        if (errors.Count > 0)
        {
            throw new RtpConfigurationException(errors);
        }

        return new RtpEndpointSettings(
            new EndpointId(options.Id),
            new TalkGroupId(options.TalkGroup),
            listen!,
            remote,
            group,
            nic,
            options.Ttl,
            filter,
            profile,
            (byte)pt,
            (byte)options.TelephoneEventPayloadType,
            priority,
            TimeSpan.FromMilliseconds(options.StreamEndMs),
            TimeSpan.FromMilliseconds(options.JitterMinMs),
            TimeSpan.FromMilliseconds(options.JitterMaxMs),
            options.MaxPacketsPerSecond);
    }

    private static IPEndPoint? ParseEndPoint(string? text, string key, List<string> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add($"{key} is required (host:port).");
            }

            return null;
        }

        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port is <= 0 or > 65534 || !text.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"{key} '{text}' is not an address:port with a port of 1..65534 (IPv6 as [::1]:port).");
            return null;
        }

        if ((endpoint.Port % 2) != 0 && key.EndsWith(":Listen", StringComparison.Ordinal))
        {
            errors.Add($"{key} port {endpoint.Port.ToString(CultureInfo.InvariantCulture)} must be even (RTCP uses the next port).");
            return null;
        }

        return endpoint;
    }

    private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? (address.GetAddressBytes()[0] & 0xF0) == 0xE0
        : address.IsIPv6Multicast;
}
