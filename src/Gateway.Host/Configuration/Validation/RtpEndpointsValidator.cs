using System.Net;
using Gateway.Connectors.Rtp;

namespace Gateway.Host.Configuration.Validation;

/// <summary><c>Gateway:Connectors:Rtp</c>: one RTP peer per entry, each on its own local port.</summary>
internal static class RtpEndpointsValidator
{
    public static readonly string[] Codecs = ["opus", "pcmu", "pcma"];

    public static void Validate(IReadOnlyList<RtpEndpointOptions> endpoints, ValidationContext context)
    {
        var problems = context.Problems;
        var listens = new Dictionary<HostPort, string>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            var rtp = endpoints[i];
            var key = ConfigKey.Item("Gateway:Connectors:Rtp", i);
            ConnectorChecks.EndpointId(context, ConfigKey.Child(key, "Id"), rtp.Id);
            Checks.TalkGroupReference(context, ConfigKey.Child(key, "TalkGroup"), rtp.TalkGroup);

            var listenKey = ConfigKey.Child(key, "Listen");
            if (Checks.Required(problems, listenKey, rtp.Listen))
            {
                if (!HostPort.TryParse(rtp.Listen, out var listen) || listen.Address is null)
                {
                    problems.Invalid(listenKey, rtp.Listen, "is not a valid endpoint");
                }
                else if (listen.Port != 0 && !listens.TryAdd(listen, listenKey))
                {
                    problems.Invalid(listenKey, rtp.Listen, "is already used by " + listens[listen]);
                }
            }

            if (!string.IsNullOrEmpty(rtp.Remote) && (!HostPort.TryParse(rtp.Remote, out var remote) || remote.Port == 0))
            {
                problems.Invalid(ConfigKey.Child(key, "Remote"), rtp.Remote, "is not a valid endpoint");
            }

            if (!string.IsNullOrEmpty(rtp.Multicast) && !(IPAddress.TryParse(rtp.Multicast, out var group) && IsMulticast(group)))
            {
                problems.Invalid(ConfigKey.Child(key, "Multicast"), rtp.Multicast, "is not a multicast address (224.0.0.0/4 or ff00::/8)");
            }

            if (!string.IsNullOrEmpty(rtp.MulticastInterface) && !IPAddress.TryParse(rtp.MulticastInterface, out _))
            {
                problems.Invalid(ConfigKey.Child(key, "MulticastInterface"), rtp.MulticastInterface, "is not an IP address");
            }

            Checks.Range(problems, ConfigKey.Child(key, "Ttl"), rtp.Ttl, 1, 255);
            for (var s = 0; s < rtp.AllowedSources.Count; s++)
            {
                if (!IsAddressOrPrefix(rtp.AllowedSources[s]))
                {
                    problems.Invalid(ConfigKey.Item(ConfigKey.Child(key, "AllowedSources"), s), rtp.AllowedSources[s], "is not an IP address or CIDR prefix");
                }
            }

            Checks.OneOf(problems, ConfigKey.Child(key, "Codec"), rtp.Codec, Codecs);
            if (rtp.PayloadType != -1)
            {
                Checks.Range(problems, ConfigKey.Child(key, "PayloadType"), rtp.PayloadType, 0, 127);
            }

            Checks.Range(problems, ConfigKey.Child(key, "Bitrate"), rtp.Bitrate, 6_000, 510_000);
            if (rtp.TelephoneEventPayloadType != -1)
            {
                Checks.Range(problems, ConfigKey.Child(key, "TelephoneEventPayloadType"), rtp.TelephoneEventPayloadType, 0, 127);
            }

            Checks.Priority(problems, ConfigKey.Child(key, "Priority"), rtp.Priority);
            Checks.Positive(problems, ConfigKey.Child(key, "StreamEndMs"), rtp.StreamEndMs);
            if (Checks.NotNegative(problems, ConfigKey.Child(key, "JitterMinMs"), rtp.JitterMinMs) && rtp.JitterMaxMs < rtp.JitterMinMs)
            {
                problems.Invalid(ConfigKey.Child(key, "JitterMaxMs"), Checks.Text(rtp.JitterMaxMs), "must not be less than JitterMinMs");
            }

            Checks.Positive(problems, ConfigKey.Child(key, "MaxPacketsPerSecond"), rtp.MaxPacketsPerSecond);
        }
    }

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? address.IsIPv6Multicast
            : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    private static bool IsAddressOrPrefix(string text) =>
        IPAddress.TryParse(text, out _) || (text.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(text, out _));
}
