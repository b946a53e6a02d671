using System.Globalization;
using System.Text;
using Gateway.Api.Errors;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core.Provisioning;
using Google.Protobuf.WellKnownTypes;
using CoreOrigin = Gateway.Core.Provisioning.EndpointOrigin;
using CorePriority = Gateway.Core.Floor.Priority;

namespace Gateway.Api.Endpoints;

/// <summary>
/// gateway.v1.RtpEndpointSettings ↔ <see cref="RtpEndpointDefinition"/>. Only the API's own shape is checked here (ids,
/// enum values, the remote mode against the addresses); every setting's value is checked by the RTP connector with
/// the configuration file's rules, and its refusal is mapped back to the field by <see cref="FieldOf"/>.
/// </summary>
internal static class RtpEndpointMapper
{
    public const string Prefix = "settings.";

    public static RtpEndpointDefinition ToDefinition(RtpEndpointSettings? settings)
    {
        if (settings is null)
        {
            throw ApiErrors.InvalidArgument("settings", "is required");
        }

        var id = Validate.Id(settings.Id, Prefix + "id");
        var group = Validate.Id(settings.TalkGroupId, Prefix + "talk_group_id");
        var mode = Validate.Enum(settings.RemoteMode, Prefix + "remote_mode");
        var remote = Blank(settings.Remote);
        var multicast = Blank(settings.Multicast);
        switch (mode)
        {
            case RtpRemoteMode.Fixed when remote is null:
                throw ApiErrors.InvalidArgument(Prefix + "remote", "is required for remote_mode FIXED (address:port)");
            case RtpRemoteMode.Fixed or RtpRemoteMode.Latched when multicast is not null:
                throw ApiErrors.InvalidArgument(Prefix + "multicast", $"must be empty for remote_mode {mode.ToString().ToUpperInvariant()}");
            case RtpRemoteMode.Latched or RtpRemoteMode.Multicast when remote is not null:
                throw ApiErrors.InvalidArgument(Prefix + "remote", $"must be empty for remote_mode {mode.ToString().ToUpperInvariant()}");
            case RtpRemoteMode.Multicast when multicast is null:
                throw ApiErrors.InvalidArgument(Prefix + "multicast", "is required for remote_mode MULTICAST (group address)");
        }

        var codec = Validate.Enum(settings.Codec, Prefix + "codec") switch
        {
            RtpCodec.Pcmu => "pcmu",
            RtpCodec.Pcma => "pcma",
            _ => "opus",
        };
        var defaults = new RtpEndpointDefinition();
        return new RtpEndpointDefinition
        {
            Id = id,
            TalkGroup = group,
            Listen = settings.Listen ?? string.Empty,
            Remote = remote,
            Multicast = multicast,
            MulticastInterface = Blank(settings.MulticastInterface),
            Ttl = settings.Ttl == 0 ? defaults.Ttl : settings.Ttl,
            AllowedSources = [.. settings.AllowedSources],
            Codec = codec,
            PayloadType = settings.HasPayloadType ? settings.PayloadType : defaults.PayloadType,
            Bitrate = settings.Bitrate == 0 ? defaults.Bitrate : settings.Bitrate,
            TelephoneEventPayloadType = settings.HasTelephoneEventPayloadType ? settings.TelephoneEventPayloadType : defaults.TelephoneEventPayloadType,
            Priority = Validate.Priority(settings.Priority, Prefix + "priority").ToString().ToLowerInvariant(),
            StreamEndMs = settings.StreamEndMs == 0 ? defaults.StreamEndMs : settings.StreamEndMs,
            JitterMinMs = settings.HasJitterMinMs ? settings.JitterMinMs : defaults.JitterMinMs,
            JitterMaxMs = settings.JitterMaxMs == 0 ? defaults.JitterMaxMs : settings.JitterMaxMs,
            MaxPacketsPerSecond = settings.HasMaxPacketsPerSecond ? settings.MaxPacketsPerSecond : defaults.MaxPacketsPerSecond,
            RtcpMux = settings.RtcpMux,
        };
    }

    /// <summary>The request field for a definition property: <c>Listen</c> → <c>settings.listen</c>, <c>TalkGroup</c> → <c>settings.talk_group_id</c>.</summary>
    public static string FieldOf(string? property) => property switch
    {
        null or "" => "settings",
        nameof(RtpEndpointDefinition.TalkGroup) => Prefix + "talk_group_id",
        _ => Prefix + SnakeCase(property),
    };

    public static V1.RtpEndpointSettings ToProto(RtpEndpointDefinition d)
    {
        var message = new V1.RtpEndpointSettings
        {
            Id = d.Id,
            TalkGroupId = d.TalkGroup,
            Listen = d.Listen,
            RemoteMode = !string.IsNullOrWhiteSpace(d.Multicast) ? RtpRemoteMode.Multicast
                : !string.IsNullOrWhiteSpace(d.Remote) ? RtpRemoteMode.Fixed
                : RtpRemoteMode.Latched,
            Remote = d.Remote ?? string.Empty,
            Multicast = d.Multicast ?? string.Empty,
            MulticastInterface = d.MulticastInterface ?? string.Empty,
            Ttl = d.Ttl,
            Codec = d.Codec.ToUpperInvariant() switch
            {
                "PCMU" => RtpCodec.Pcmu,
                "PCMA" => RtpCodec.Pcma,
                _ => RtpCodec.Opus,
            },
            Bitrate = d.Bitrate,
            TelephoneEventPayloadType = d.TelephoneEventPayloadType,
            Priority = System.Enum.TryParse<CorePriority>(d.Priority, ignoreCase: true, out var p) ? Mapping.ProtoMapper.ToProto(p) : V1.Priority.Unspecified,
            StreamEndMs = d.StreamEndMs,
            JitterMinMs = d.JitterMinMs,
            JitterMaxMs = d.JitterMaxMs,
            MaxPacketsPerSecond = d.MaxPacketsPerSecond,
            RtcpMux = d.RtcpMux,
        };
        message.AllowedSources.Add(d.AllowedSources);
        if (d.PayloadType >= 0)
        {
            message.PayloadType = d.PayloadType;
        }

        return message;
    }

    public static RtpStatistics ToProto(RtpEndpointStatus status)
    {
        var f = status.Figures;
        var message = new RtpStatistics
        {
            LocalAddress = status.LocalEndPoint,
            Ssrc = status.Ssrc,
            DatagramsReceived = f.DatagramsReceived,
            BytesReceived = f.BytesReceived,
            PacketsAccepted = f.Accepted,
            RtcpPackets = f.RtcpPackets,
            FramesSubmitted = f.FramesSubmitted,
            FramesConcealed = f.FramesConcealed,
            TalkSpurts = f.TalkSpurts,
            DtmfDigitsReceived = f.DtmfDigitsReceived,
            PacketsLost = f.PacketsLost,
            PacketsExpected = f.PacketsExpected,
            JitterMs = f.JitterMilliseconds,
            PacketsSent = f.PacketsSent,
            OctetsSent = f.OctetsSent,
            SendErrors = f.SendErrors,
            SocketRestarts = f.SocketRestarts,
        };
        foreach (var (reason, count) in f.Drops)
        {
            message.Drops[SnakeCase(reason)] = count;
        }

        if (f.RemoteSsrc is { } ssrc)
        {
            message.RemoteSsrc = ssrc;
        }

        if (f.Peer is { } peer)
        {
            message.Peer = new RtcpPeerReport
            {
                FractionLost = peer.FractionLost,
                CumulativeLost = peer.CumulativeLost,
                JitterMs = peer.JitterMilliseconds,
                ReceivedAt = Timestamp.FromDateTimeOffset(peer.ReceivedAt),
            };
            if (peer.RoundTrip is { } rtt)
            {
                message.Peer.RoundTripMs = rtt.TotalMilliseconds;
            }
        }

        return message;
    }

    public static V1.EndpointOrigin ToProto(CoreOrigin origin) => origin switch
    {
        CoreOrigin.Configured => V1.EndpointOrigin.Configured,
        CoreOrigin.Runtime => V1.EndpointOrigin.Runtime,
        _ => V1.EndpointOrigin.Unspecified,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLower(name[i], CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
