using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Auth;

/// <summary>
/// Authenticates every call (except health) from <c>authorization: Bearer &lt;key&gt;</c>, checks the method's role and
/// the per-key concurrent stream limit. UNAUTHENTICATED: no or unknown key. PERMISSION_DENIED: role too low.
/// Keys are never logged, only the key's configured name.
/// </summary>
public sealed partial class AuthInterceptor : Interceptor
{
    private readonly ApiKeyRegistry _keys;
    private readonly StreamLimiter _streams;
    private readonly GrpcOptions _options;
    private readonly ILogger<AuthInterceptor> _logger;

    public AuthInterceptor(ApiKeyRegistry keys, StreamLimiter streams, IOptions<GrpcOptions> options, ILogger<AuthInterceptor> logger)
    {
        _keys = keys;
        _streams = streams;
        _options = options.Value;
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var caller = Authorize(context);
        if (caller is null)
        {
            await continuation(request, responseStream, context);
            return;
        }

        EnterStream(caller, context);
        try
        {
            await continuation(request, responseStream, context);
        }
        finally
        {
            _streams.Exit(caller.Name);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var caller = Authorize(context);
        if (caller is null)
        {
            await continuation(requestStream, responseStream, context);
            return;
        }

        EnterStream(caller, context);
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        finally
        {
            _streams.Exit(caller.Name);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var caller = Authorize(context);
        if (caller is null)
        {
            return await continuation(requestStream, context);
        }

        EnterStream(caller, context);
        try
        {
            return await continuation(requestStream, context);
        }
        finally
        {
            _streams.Exit(caller.Name);
        }
    }

    private void EnterStream(ApiCaller caller, ServerCallContext context)
    {
        if (!_streams.TryEnter(caller.Name, _options.MaxStreamsPerKey))
        {
            LogStreamLimit(_logger, caller.Name, context.Method, _options.MaxStreamsPerKey);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"API key '{caller.Name}' already has {_options.MaxStreamsPerKey} open streams (Gateway:Grpc:MaxStreamsPerKey)"));
        }
    }

    /// <summary>Returns the caller, or null for exempt methods.</summary>
    private ApiCaller? Authorize(ServerCallContext context)
    {
        var method = context.Method;
        if (MethodPolicy.IsExempt(method))
        {
            return null;
        }

        ApiCaller caller;
        if (!_keys.RequireAuth)
        {
            caller = ApiKeyRegistry.Anonymous;
        }
        else
        {
            var header = context.RequestHeaders.GetValue("authorization");
            if (string.IsNullOrEmpty(header))
            {
                LogUnauthenticated(_logger, method, "missing authorization header");
                throw new RpcException(new Status(StatusCode.Unauthenticated, "missing 'authorization: Bearer <key>' metadata"));
            }

            const string scheme = "Bearer ";
            if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
            {
                LogUnauthenticated(_logger, method, "authorization is not a Bearer key");
                throw new RpcException(new Status(StatusCode.Unauthenticated, "the authorization metadata must be 'Bearer <key>'"));
            }

            var found = _keys.Authenticate(header[scheme.Length..].Trim());
            if (found is null)
            {
                LogUnauthenticated(_logger, method, "unknown key");
                throw new RpcException(new Status(StatusCode.Unauthenticated, "the API key is not valid"));
            }

            caller = found;
        }

        var required = MethodPolicy.Required(method);
        if (!caller.HasRole(required))
        {
            LogDenied(_logger, caller.Name, method, required);
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"API key '{caller.Name}' ({caller.Role.ToString().ToLowerInvariant()}) may not call {method}: it needs the {required.ToString().ToLowerInvariant()} role"));
        }

        context.SetCaller(caller);
        return caller;
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "gRPC call {Method} rejected: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "gRPC call {Method} by key {KeyName} denied: needs role {Role}")]
    private static partial void LogDenied(ILogger logger, string keyName, string method, ApiRole role);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Key {KeyName} reached its limit of {Limit} streams; {Method} refused")]
    private static partial void LogStreamLimit(ILogger logger, string keyName, string method, int limit);
}
