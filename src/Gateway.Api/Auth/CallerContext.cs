using Grpc.Core;

namespace Gateway.Api.Auth;

/// <summary>Where the auth interceptor leaves the caller for the services.</summary>
public static class CallerContext
{
    private const string Key = "gateway.caller";

    public static ApiCaller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var value) && value is ApiCaller caller
            ? caller
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "no authenticated caller"));

    internal static void SetCaller(this ServerCallContext context, ApiCaller caller) => context.UserState[Key] = caller;
}
