using Gateway.Api.Auth;
using Gateway.Storage.Repositories;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.Audit;

/// <summary>
/// Writes one audit row per state-changing API call (who — the key's name —, what, on which target, when, and the
/// result, including refusals). It is the outermost interceptor, so it sees the final status code of every call,
/// authentication failures included. Without storage registered there is no audit log and the interceptor is idle.
/// </summary>
public sealed partial class AuditInterceptor : Interceptor
{
    // The fields that name what a mutation acts on, in order of preference.
    private static readonly string[] TargetFields = ["talk_group_id", "alert_id", "unit_id", "patch_id", "endpoint_id", "id"];

    private readonly IAuditLog? _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditInterceptor> _logger;

    public AuditInterceptor(IServiceProvider services, TimeProvider time, ILogger<AuditInterceptor> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        _audit = services.GetService<IAuditLog>();
        _time = time;
        _logger = logger;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        if (_audit is null || !MethodPolicy.IsMutation(context.Method))
        {
            return await continuation(request, context);
        }

        var at = _time.GetUtcNow();
        try
        {
            var response = await continuation(request, context);
            await AppendAsync(at, request, context, "OK");
            return response;
        }
        catch (RpcException ex)
        {
            await AppendAsync(at, request, context, ex.StatusCode + ": " + ex.Status.Detail);
            throw;
        }
    }

    private async Task AppendAsync(DateTimeOffset at, object? request, ServerCallContext context, string result)
    {
        var keyName = context.UserState.TryGetValue(CallerContext.UserStateKey, out var value) && value is ApiCaller caller ? caller.Name : "-";
        var action = context.Method.TrimStart('/');
        try
        {
            await _audit!.AppendAsync(new AuditEntry(at, keyName, action, TargetOf(request), Detail: null, result), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The mutation itself has happened (or been refused): a failing audit write is logged, not turned into an error.
            LogAuditWriteFailed(_logger, action, keyName, ex);
        }
    }

    private static string? TargetOf(object? request)
    {
        if (request is not IMessage message)
        {
            return null;
        }

        foreach (var name in TargetFields)
        {
            if (message.Descriptor.FindFieldByName(name) is { } field && field.Accessor.GetValue(message) is string text && text.Length > 0)
            {
                return text;
            }
        }

        // Creates carry the new object in "settings" (e.g. CreateRtpEndpoint): its id is the target.
        if (message.Descriptor.FindFieldByName("settings") is { } settings && settings.Accessor.GetValue(message) is IMessage inner
            && inner.Descriptor.FindFieldByName("id") is { } id && id.Accessor.GetValue(inner) is string innerId && innerId.Length > 0)
        {
            return innerId;
        }

        return null;
    }

    [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "Audit row for {Action} by {KeyName} could not be written")]
    private static partial void LogAuditWriteFailed(ILogger logger, string action, string keyName, Exception error);
}
