using System.Net;
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
    int MaxPacketsPerSecond,
    bool RtcpMux = false)
{
    /// <summary>The payload clock (RFC 7587: Opus is always 48 kHz; G.711 8 kHz).</summary>
    public int ClockRate => Profile.Codec == CodecKind.Opus ? OpusPayload.ClockRate : G711Payload.ClockRate;

    /// <summary>
    /// Checks <see cref="RtpEndpointRules"/> (plus the Id and TalkGroup this endpoint cannot run without) and parses; throws
    /// <see cref="RtpConfigurationException"/> listing every problem as <c>{key}:{Setting} '{value}' {problem}</c>.
    /// </summary>
    public static RtpEndpointSettings Parse(RtpEndpointOptions options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Id))
        {
            errors.Add($"{key}:Id is required");
        }

        if (string.IsNullOrWhiteSpace(options.TalkGroup))
        {
            errors.Add($"{key}:TalkGroup is required");
        }

        errors.AddRange(RtpEndpointRules.Check(options).Select(p => p.ToLine(key)));
        if (errors.Count > 0)
        {
            throw new RtpConfigurationException(errors);
        }

        // Everything below has passed the rules, so it parses.
        var listen = IPEndPoint.Parse(options.Listen);
        var remote = string.IsNullOrWhiteSpace(options.Remote) ? null : IPEndPoint.Parse(options.Remote);
        var group = string.IsNullOrWhiteSpace(options.Multicast) ? null : IPAddress.Parse(options.Multicast);
        var nic = string.IsNullOrWhiteSpace(options.MulticastInterface) ? null : IPAddress.Parse(options.MulticastInterface);
        var codec = RtpEndpointRules.Codec(options.Codec)!;
        var profile = codec switch
        {
            "pcmu" => CodecProfile.Pcmu,
            "pcma" => CodecProfile.Pcma,
            _ => CodecProfile.Opus(options.Bitrate),
        };

        var filter = options.AllowedSources.Count > 0 ? SourceFilter.Parse(options.AllowedSources, $"{key}:AllowedSources")
            : remote is not null ? SourceFilter.Of(remote.Address)
            : group is null ? SourceFilter.Of(IPAddress.Loopback, IPAddress.IPv6Loopback)
            : SourceFilter.Any;

        return new RtpEndpointSettings(
            new EndpointId(options.Id),
            new TalkGroupId(options.TalkGroup),
            listen,
            remote,
            group,
            nic,
            options.Ttl,
            filter,
            profile,
            (byte)RtpEndpointRules.PayloadTypeOf(codec, options.PayloadType),
            (byte)options.TelephoneEventPayloadType,
            Enum.Parse<Priority>(options.Priority, ignoreCase: true),
            TimeSpan.FromMilliseconds(options.StreamEndMs),
            TimeSpan.FromMilliseconds(options.JitterMinMs),
            TimeSpan.FromMilliseconds(options.JitterMaxMs),
            options.MaxPacketsPerSecond,
            options.RtcpMux);
    }
}
