using Grpc.Core;

namespace Gateway.Api.Auth;

/// <summary>Where the auth interceptor leaves the caller for the services.</summary>
public static class CallerContext
{
    internal const string UserStateKey = "gateway.caller";

    public static ApiCaller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(UserStateKey, out var value) && value is ApiCaller caller
            ? caller
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "no authenticated caller"));

    internal static void SetCaller(this ServerCallContext context, ApiCaller caller) => context.UserState[UserStateKey] = caller;
}
