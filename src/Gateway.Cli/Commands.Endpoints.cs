using System.Globalization;
using Gateway.Api.V1;
using Grpc.Core;

namespace Gateway.Cli;

/// <summary><c>gatewayctl endpoints show|add-rtp|rm</c>: one endpoint's detail and run-time RTP endpoints (gateway.v1.Endpoints).</summary>
internal sealed partial class Commands
{
    private Task<int> EndpointSubcommandAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var sub = _args.Positional[0];
        switch (sub)
        {
            case "ls" or "list":
                _args.Positional.RemoveAt(0);
                return EndpointsAsync(invoker, headers, ct);
            case "show":
                return ShowEndpointAsync(invoker, headers, ct);
            case "add-rtp":
                return AddRtpEndpointAsync(invoker, headers, ct);
            case "rm" or "delete":
                return RemoveEndpointAsync(invoker, headers, ct);
            default:
                throw new UsageException($"endpoints: unknown sub-command '{sub}' (ls, show, add-rtp, rm)");
        }
    }

    private async Task<int> ShowEndpointAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var id = EndpointIdArgument("show");
        var detail = await new Endpoints.EndpointsClient(invoker).GetEndpointAsync(new GetEndpointRequest { EndpointId = id }, headers, cancellationToken: ct);
        if (_args.Json)
        {
            return PrintJson([detail]);
        }

        PrintDetail(detail);
        return 0;
    }

    private async Task<int> AddRtpEndpointAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var settings = new RtpEndpointSettings
        {
            Id = _args.Required("id"),
            TalkGroupId = _args.Required("group"),
            Listen = _args.Required("listen"),
            Remote = _args.Optional("remote") ?? string.Empty,
            Multicast = _args.Optional("multicast") ?? string.Empty,
            MulticastInterface = _args.Optional("interface") ?? string.Empty,
            Ttl = _args.OptionalInt("ttl", 1, 255) ?? 0,
            Codec = (_args.Optional("codec") ?? "opus").ToUpperInvariant() switch
            {
                "OPUS" => RtpCodec.Opus,
                "PCMU" => RtpCodec.Pcmu,
                "PCMA" => RtpCodec.Pcma,
                var other => throw new UsageException($"endpoints add-rtp: --codec must be opus, pcmu or pcma, not '{other.ToLowerInvariant()}'"),
            },
            Bitrate = _args.OptionalInt("bitrate", 6_000, 510_000) ?? 0,
            Priority = ParsePriority(_args.Optional("priority") ?? "normal"),
            StreamEndMs = _args.OptionalInt("stream-end-ms", 40, 10_000) ?? 0,
            JitterMaxMs = _args.OptionalInt("jitter-max-ms", 1, 2_000) ?? 0,
        };
        // "--remote latched": answer whoever last sent valid RTP from the allowed sources (the default without --remote).
        if (string.Equals(settings.Remote, "latched", StringComparison.OrdinalIgnoreCase))
        {
            settings.Remote = string.Empty;
            settings.RemoteMode = RtpRemoteMode.Latched;
        }
        if (_args.OptionalInt("payload-type", 0, 127) is { } pt)
        {
            settings.PayloadType = pt;
        }

        if (_args.OptionalInt("dtmf-payload-type", 96, 127) is { } dtmf)
        {
            settings.TelephoneEventPayloadType = dtmf;
        }

        if (_args.OptionalInt("jitter-min-ms", 0, 2_000) is { } jitterMin)
        {
            settings.JitterMinMs = jitterMin;
        }

        if (_args.OptionalInt("max-pps", 0, 1_000_000) is { } rate)
        {
            settings.MaxPacketsPerSecond = rate;
        }

        if (_args.Optional("allow") is { } allow)
        {
            settings.AllowedSources.Add(allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        // RFC 5761: RTCP on the RTP port (one socket; the port need not be even).
        settings.RtcpMux = _args.Flag("rtcp-mux");
        var unit = _args.Optional("unit") ?? string.Empty;
        _args.EnsureAllUsed(maxPositional: 1);
        var detail = await new Endpoints.EndpointsClient(invoker).CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings, UnitId = unit }, headers, cancellationToken: ct);
        if (_args.Json)
        {
            return PrintJson([detail]);
        }

        return Line($"endpoints: created RTP endpoint {detail.Endpoint.Id} on {detail.RtpStatistics.LocalAddress} in {string.Join(',', detail.Endpoint.TalkGroupIds)} ({Lower(detail.Rtp.Codec.ToString())}, {Lower(detail.Rtp.RemoteMode.ToString())} remote{(detail.Rtp.RtcpMux ? ", rtcp-mux" : string.Empty)})");
    }

    private async Task<int> RemoveEndpointAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var id = EndpointIdArgument("rm");
        await new Endpoints.EndpointsClient(invoker).DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = id }, headers, cancellationToken: ct);
        return Line($"endpoints: deleted {id}");
    }

    private string EndpointIdArgument(string sub)
    {
        _args.EnsureAllUsed(maxPositional: 2);
        return _args.Positional.Count == 2 ? _args.Positional[1] : throw new UsageException($"endpoints {sub}: the endpoint id is required (endpoints {sub} ID)");
    }

    private void PrintDetail(EndpointDetail d)
    {
        var rows = new List<string[]>
        {
            new[] { "id", d.Endpoint.Id },
            new[] { "kind", Lower(d.Endpoint.Kind.ToString()) },
            new[] { "state", (Lower(d.Endpoint.State.ToString()) + " " + d.Endpoint.StateReason).TrimEnd() },
            new[] { "groups", string.Join(',', d.Endpoint.TalkGroupIds) },
            new[] { "origin", Lower(d.Origin.ToString()) },
        };
        if (d.UnitId.Length > 0)
        {
            rows.Add(["unit", d.UnitId]);
        }

        if (d.Rtp is { } rtp)
        {
            var s = d.RtpStatistics;
            var remote = rtp.RemoteMode switch
            {
                RtpRemoteMode.Fixed => rtp.Remote,
                RtpRemoteMode.Multicast => $"{rtp.Multicast} (ttl {rtp.Ttl}{(rtp.MulticastInterface.Length > 0 ? ", via " + rtp.MulticastInterface : string.Empty)})",
                _ => "latched",
            };
            rows.AddRange(
            [
                ["listen", s.LocalAddress],
                ["rtcp", rtp.RtcpMux ? "multiplexed on the RTP port (rtcp-mux)" : "next port"],
                ["remote", remote],
                ["allowed", rtp.AllowedSources.Count == 0 ? "(the remote, or loopback)" : string.Join(',', rtp.AllowedSources)],
                ["codec", $"{Lower(rtp.Codec.ToString())} pt {(rtp.HasPayloadType ? N(rtp.PayloadType) : "default")}{(rtp.Codec == RtpCodec.Opus ? $" {rtp.Bitrate / 1000} kbit/s" : string.Empty)}, dtmf pt {rtp.TelephoneEventPayloadType}"],
                ["priority", Lower(rtp.Priority.ToString())],
                ["received", $"{s.DatagramsReceived} datagrams, {s.PacketsAccepted} accepted, {s.RtcpPackets} rtcp, {s.TalkSpurts} spurts, {s.DtmfDigitsReceived} dtmf"],
                ["dropped", s.Drops.Count == 0 ? "0" : string.Join(", ", s.Drops.Select(kv => $"{kv.Key} {kv.Value}"))],
                ["reception", $"lost {s.PacketsLost} of {s.PacketsExpected}, jitter {s.JitterMs.ToString("F1", CultureInfo.InvariantCulture)} ms, concealed {s.FramesConcealed} frames"],
                ["sent", $"{s.PacketsSent} packets, {s.OctetsSent} octets, ssrc {s.Ssrc:x8}, {s.SendErrors} send errors"],
                ["peer report", s.Peer is { } p
                    ? $"loss {(p.FractionLost * 100).ToString("F1", CultureInfo.InvariantCulture)} % (cumulative {p.CumulativeLost}), jitter {p.JitterMs.ToString("F1", CultureInfo.InvariantCulture)} ms, rtt {(p.HasRoundTripMs ? p.RoundTripMs.ToString("F1", CultureInfo.InvariantCulture) + " ms" : "-")}, at {Time(p.ReceivedAt)}"
                    : "none yet"],
            ]);
        }

        Table.Print(_out, ["FIELD", "VALUE"], rows);
    }
}
