using Gateway.Api.V1;

namespace Gateway.Api.Tests.Support;

/// <summary>Waiting on conditions with a deadline (no fixed sleeps).</summary>
public static class TestWait
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>Waits until a gRPC monitor endpoint shows in the group (so it hears the next transmission from its start).</summary>
    public static Task MonitorAttachedAsync(GatewayServer server, string group, CancellationToken ct) =>
        UntilAsync<object>(async () =>
        {
            var endpoints = await server.Units.ListEndpointsAsync(new ListEndpointsRequest { TalkGroupId = group }, GatewayServer.Bearer(GatewayServer.ObserverKey), cancellationToken: ct);
            return endpoints.Endpoints.Any(e => e.Kind == EndpointKind.Grpc && e.Id.StartsWith("grpc-monitor-", StringComparison.Ordinal)) ? new object() : null;
        }, ct);
}
