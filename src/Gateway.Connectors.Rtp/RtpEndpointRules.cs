using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Transport;

namespace Gateway.Connectors.Rtp;

/// <summary>
/// The rules for an RTP endpoint's settings, kept in one place. The host's configuration check, the connector at start and
/// run-time endpoints created through the API all use them, so all three accept the same settings and report the same problem.
/// Identity is checked by whoever owns the ids, not here: the host (ids unique across connectors, the talk group is
/// configured) and the API (the id's shape, the talk group exists).
/// </summary>
public static class RtpEndpointRules
{
    /// <summary>
    /// TTL 0 is valid IP but keeps multicast on this host. A radio gateway sends to a multicast group so that other hosts
    /// (consoles, RoIP gear) hear it, so a 0 here is almost surely a mistake.
    /// </summary>
    public const int MinTtl = 1;

    public const int MaxTtl = 255;

    /// <summary>RFC 3551 §6: payload types 96..127 are dynamic (bound by signalling or configuration, not by the RFC).</summary>
    public const int MinDynamicPayloadType = 96;

    public const int MaxPayloadType = 127;

    /// <summary>Opus has no static payload type (RFC 7587); 111 is what most SDP offers use.</summary>
    public const int DefaultOpusPayloadType = 111;

    public const int MinOpusBitrate = 6_000;

    public const int MaxOpusBitrate = 510_000;

    /// <summary>Below two frames of silence a single late packet would end the talk spurt.</summary>
    public const int MinStreamEndMs = 40;

    public const int MaxStreamEndMs = 10_000;

    public const int MaxJitterMs = 2_000;

    /// <summary>The highest local or remote port: RTCP uses the port after the RTP port.</summary>
    public const int MaxRtpPort = 65_534;

    /// <summary>
    /// The highest port with RTCP multiplexing (RFC 5761): RTCP shares the RTP port, so no next port is needed, and the
    /// port may be odd (the even/odd pairing of RFC 3550 §11 only exists to find the RTCP port).
    /// </summary>
    public const int MaxMuxPort = 65_535;

    public static IReadOnlyList<string> Codecs { get; } = ["opus", "pcmu", "pcma"];

    public static IReadOnlyList<string> Priorities { get; } = ["normal", "dispatcher", "alert", "emergency"];

    /// <summary>Every broken rule of <paramref name="options"/>, in the order of the settings; empty when they are valid.</summary>
    public static IReadOnlyList<RtpSettingProblem> Check(RtpEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<RtpSettingProblem>();

        // Without multiplexing RTCP takes the port after the RTP port, here and at the peer.
        var maxPort = options.RtcpMux ? MaxMuxPort : MaxRtpPort;
        CheckEndPoint(problems, nameof(RtpEndpointOptions.Listen), options.Listen, maxPort, evenPort: !options.RtcpMux);
        var hasRemote = !string.IsNullOrWhiteSpace(options.Remote);
        if (hasRemote)
        {
            CheckEndPoint(problems, nameof(RtpEndpointOptions.Remote), options.Remote, maxPort, evenPort: false);
        }

        if (!string.IsNullOrWhiteSpace(options.Multicast))
        {
            if (hasRemote)
            {
                problems.Add(new(nameof(RtpEndpointOptions.Remote), options.Remote, "must be empty when Multicast is set (a fixed remote or a multicast group, not both)"));
            }

            if (!IPAddress.TryParse(options.Multicast, out var group) || !IsMulticast(group))
            {
                problems.Add(new(nameof(RtpEndpointOptions.Multicast), options.Multicast, "is not a multicast address (224.0.0.0/4 or ff00::/8)"));
            }
        }

        if (!string.IsNullOrWhiteSpace(options.MulticastInterface) && !IPAddress.TryParse(options.MulticastInterface, out _))
        {
            problems.Add(new(nameof(RtpEndpointOptions.MulticastInterface), options.MulticastInterface, "is not an IP address"));
        }

        Range(problems, nameof(RtpEndpointOptions.Ttl), options.Ttl, MinTtl, MaxTtl, options.Ttl == 0 ? "0 would keep multicast on this host" : null);
        for (var i = 0; i < options.AllowedSources.Count; i++)
        {
            CheckSource(problems, i, options.AllowedSources[i] ?? string.Empty);
        }

        var codec = Codec(options.Codec);
        if (codec is null)
        {
            problems.Add(string.IsNullOrWhiteSpace(options.Codec)
                ? new(nameof(RtpEndpointOptions.Codec), null, "is required (one of " + string.Join(", ", Codecs) + ")")
                : new(nameof(RtpEndpointOptions.Codec), options.Codec, "is not one of " + string.Join(", ", Codecs)));
        }

        CheckPayloadType(problems, codec, options.PayloadType);
        if (codec == "opus")
        {
            Range(problems, nameof(RtpEndpointOptions.Bitrate), options.Bitrate, MinOpusBitrate, MaxOpusBitrate);
        }

        var dtmf = options.TelephoneEventPayloadType;
        if (dtmf is < MinDynamicPayloadType or > MaxPayloadType)
        {
            problems.Add(new(nameof(RtpEndpointOptions.TelephoneEventPayloadType), Text(dtmf), $"must be a dynamic payload type between {MinDynamicPayloadType} and {MaxPayloadType} (RFC 4733)"));
        }
        else if (codec is not null && dtmf == PayloadTypeOf(codec, options.PayloadType))
        {
            problems.Add(new(nameof(RtpEndpointOptions.TelephoneEventPayloadType), Text(dtmf), "must differ from the audio's PayloadType"));
        }

        if (!Priorities.Contains(options.Priority ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(string.IsNullOrWhiteSpace(options.Priority)
                ? new(nameof(RtpEndpointOptions.Priority), null, "is required (one of " + string.Join(", ", Priorities) + ")")
                : new(nameof(RtpEndpointOptions.Priority), options.Priority, "is not one of " + string.Join(", ", Priorities)));
        }

        Range(problems, nameof(RtpEndpointOptions.StreamEndMs), options.StreamEndMs, MinStreamEndMs, MaxStreamEndMs);
        var minValid = Range(problems, nameof(RtpEndpointOptions.JitterMinMs), options.JitterMinMs, 0, MaxJitterMs);
        if (Range(problems, nameof(RtpEndpointOptions.JitterMaxMs), options.JitterMaxMs, 0, MaxJitterMs) && minValid && options.JitterMaxMs < options.JitterMinMs)
        {
            problems.Add(new(nameof(RtpEndpointOptions.JitterMaxMs), Text(options.JitterMaxMs), $"must not be less than JitterMinMs ({Text(options.JitterMinMs)})"));
        }

        if (options.MaxPacketsPerSecond < 0)
        {
            problems.Add(new(nameof(RtpEndpointOptions.MaxPacketsPerSecond), Text(options.MaxPacketsPerSecond), "must not be negative (0 = unlimited)"));
        }

        if (options.RtcpMux && !string.IsNullOrWhiteSpace(options.Multicast))
        {
            // Multicast RoIP listeners expect RTCP on the group's next port (RFC 3550), and a muxed group would loop
            // every member's reports into every member's media socket.
            problems.Add(new(nameof(RtpEndpointOptions.RtcpMux), "true", "must be false when Multicast is set (RTCP multiplexing is for unicast peers)"));
        }

        return problems;
    }

    /// <summary>The codec's canonical name (<c>opus</c>, <c>pcmu</c>, <c>pcma</c>), or null when it is not one of them.</summary>
    internal static string? Codec(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "OPUS" => "opus",
        "PCMU" => "pcmu",
        "PCMA" => "pcma",
        _ => null,
    };

    /// <summary>The payload type in use: the configured one, or the codec's usual type for -1.</summary>
    internal static int PayloadTypeOf(string codec, int configured) => configured != -1 ? configured : codec switch
    {
        "pcmu" => G711Payload.PcmuPayloadType,
        "pcma" => G711Payload.PcmaPayloadType,
        _ => DefaultOpusPayloadType,
    };

    private static void CheckPayloadType(List<RtpSettingProblem> problems, string? codec, int pt)
    {
        if (pt == -1)
        {
            return; // the codec's usual type
        }

        const string setting = nameof(RtpEndpointOptions.PayloadType);
        if (pt is < 0 or > MaxPayloadType)
        {
            problems.Add(new(setting, Text(pt), $"must be between 0 and {MaxPayloadType} (or -1 for the codec's usual type)"));
        }
        else if (pt < MinDynamicPayloadType && codec == "opus")
        {
            problems.Add(new(setting, Text(pt), $"must be a dynamic payload type between {MinDynamicPayloadType} and {MaxPayloadType} for opus (RFC 7587)"));
        }
        else if (pt < MinDynamicPayloadType && codec is "pcmu" or "pcma" && pt != PayloadTypeOf(codec, -1))
        {
            // A static type names its codec (RFC 3551): 8 on PCMU audio would make the peer decode it as PCMA.
            problems.Add(new(setting, Text(pt), $"must be {Text(PayloadTypeOf(codec, -1))} (the static type of {codec}) or a dynamic payload type between {MinDynamicPayloadType} and {MaxPayloadType}"));
        }
    }

    private static void CheckEndPoint(List<RtpSettingProblem> problems, string setting, string? text, int maxPort, bool evenPort)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new(setting, null, "is required (address:port)"));
            return;
        }

        // IPEndPoint.TryParse reads "::1:40000" as an IPv6 address without a port; the port must be written.
        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port <= 0 || endpoint.Port > maxPort || !text.Contains(':', StringComparison.Ordinal))
        {
            problems.Add(new(setting, text, $"is not an IP address and port (port 1..{Text(maxPort)}; IPv6 as [::1]:port)"));
        }
        else if (evenPort && endpoint.Port % 2 != 0)
        {
            problems.Add(new(setting, text, "must use an even port (RTCP uses the next one; RtcpMux allows any port)"));
        }
    }

    private static void CheckSource(List<RtpSettingProblem> problems, int index, string entry)
    {
        // The filter's own parser decides, so what is checked is exactly what the endpoint will match against.
        try
        {
            SourceFilter.Parse([entry], string.Empty);
        }
        catch (FormatException ex)
        {
            var quoted = $"'{entry}' ";
            var at = ex.Message.IndexOf(quoted, StringComparison.Ordinal);
            var problem = at >= 0 ? ex.Message[(at + quoted.Length)..].TrimEnd('.') : "is not an IP address or CIDR prefix";
            problems.Add(new(string.Create(CultureInfo.InvariantCulture, $"{nameof(RtpEndpointOptions.AllowedSources)}[{index}]"), entry, problem));
        }
    }

    private static bool Range(List<RtpSettingProblem> problems, string setting, int value, int min, int max, string? why = null)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        var problem = $"must be between {Text(min)} and {Text(max)}";
        problems.Add(new(setting, Text(value), why is null ? problem : $"{problem} ({why})"));
        return false;
    }

    private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? (address.GetAddressBytes()[0] & 0xF0) == 0xE0
        : address.IsIPv6Multicast;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
