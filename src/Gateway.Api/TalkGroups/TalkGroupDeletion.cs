using Gateway.Api.Endpoints;
using Gateway.Api.Errors;
using Gateway.Core;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.TalkGroups;

/// <summary>
/// A talk group is deleted only when no lasting endpoint belongs to it. A run-time RTP endpoint left behind would keep
/// running unattached and be skipped at the next start; a configured one (RTP, Mumble channel, serial radio) would stay
/// unattached until a restart. So those are named and moved or removed first. Sessions (gRPC talk and monitor,
/// recorders, alert players) are not in the way: removing the group ends them as before.
/// </summary>
internal static class TalkGroupDeletion
{
    private static readonly EndpointKind[] Lasting = [EndpointKind.Rtp, EndpointKind.Mumble, EndpointKind.Serial];

    /// <summary>Throws FAILED_PRECONDITION naming the endpoints still in <paramref name="group"/>.</summary>
    public static async Task EnsureNoEndpointsAsync(ServerCallContext context, ISwitchboard switchboard, TalkGroupId group)
    {
        var runtime = await context.GetHttpContext().RequestServices.GetRequiredService<RuntimeRtpEndpoints>()
            .InTalkGroupAsync(group, context.CancellationToken);
        var configured = switchboard.Endpoints
            .Where(e => Lasting.Contains(e.Kind) && e.TalkGroups.Contains(group) && !runtime.Contains(e.Id.Value))
            .Select(e => e.Id.Value)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (runtime.Count == 0 && configured.Count == 0)
        {
            return;
        }

        var parts = new List<string>(2);
        if (runtime.Count > 0)
        {
            parts.Add(string.Join(", ", runtime) + " (created through the API: delete them first)");
        }

        if (configured.Count > 0)
        {
            parts.Add(string.Join(", ", configured) + " (configured: change the configuration file first)");
        }

        throw ApiErrors.FailedPrecondition($"talk_group_id: talk group '{group}' still has endpoints {string.Join("; ", parts)}");
    }
}
