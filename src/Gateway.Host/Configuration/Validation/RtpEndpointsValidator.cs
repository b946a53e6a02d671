using System.Net;
using Gateway.Connectors.Rtp;

namespace Gateway.Host.Configuration.Validation;

/// <summary>
/// <c>Gateway:Connectors:Rtp</c>: one RTP peer per entry, each on its own local port. The settings' rules are the RTP
/// connector's own (<see cref="RtpEndpointRules"/>, also used for endpoints created through the API); this adds what only
/// the whole file can tell: ids unique across connectors, configured talk groups, no two entries on one port.
/// </summary>
internal static class RtpEndpointsValidator
{
    public static void Validate(IReadOnlyList<RtpEndpointOptions> endpoints, ValidationContext context)
    {
        var problems = context.Problems;
        var listens = new Dictionary<IPEndPoint, string>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            var rtp = endpoints[i];
            var key = ConfigKey.Item("Gateway:Connectors:Rtp", i);
            ConnectorChecks.EndpointId(context, ConfigKey.Child(key, "Id"), rtp.Id);
            Checks.TalkGroupReference(context, ConfigKey.Child(key, "TalkGroup"), rtp.TalkGroup);

            var settings = RtpEndpointRules.Check(rtp);
            foreach (var problem in settings)
            {
                var settingKey = ConfigKey.Child(key, problem.Setting);
                if (problem.Value is null)
                {
                    problems.Key(settingKey, problem.Problem);
                }
                else
                {
                    problems.Invalid(settingKey, problem.Value, problem.Problem);
                }
            }

            var listenKey = ConfigKey.Child(key, nameof(RtpEndpointOptions.Listen));
            if (settings.Any(p => p.Setting == nameof(RtpEndpointOptions.Listen)))
            {
                continue;
            }

            // An entry takes its port, and the next one for RTCP unless RTCP is multiplexed; a muxed entry may use any port,
            // so it can land on another entry's RTCP port.
            var listen = IPEndPoint.Parse(rtp.Listen);
            var rtcp = rtp.RtcpMux ? null : new IPEndPoint(listen.Address, listen.Port + 1);
            if (listens.TryGetValue(listen, out var owner))
            {
                problems.Invalid(listenKey, rtp.Listen, "is already used by " + owner);
                continue;
            }

            if (rtcp is not null && listens.TryGetValue(rtcp, out owner))
            {
                problems.Invalid(listenKey, rtp.Listen, $"needs the next port for RTCP, which is already used by {owner} (or set RtcpMux)");
                continue;
            }

            listens.Add(listen, listenKey);
            if (rtcp is not null)
            {
                listens.Add(rtcp, listenKey + " (its RTCP port)");
            }
        }
    }
}
