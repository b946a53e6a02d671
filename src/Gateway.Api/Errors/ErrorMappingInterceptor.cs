using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.Errors;

/// <summary>
/// The one place domain exceptions become gRPC status codes, so no handler leaks UNKNOWN for a user mistake:
/// argument errors → INVALID_ARGUMENT (naming the parameter), missing things → NOT_FOUND, state conflicts →
/// FAILED_PRECONDITION, a cancelled call → CANCELLED; anything else is our fault → INTERNAL (logged, details hidden).
/// </summary>
public sealed partial class ErrorMappingInterceptor : Interceptor
{
    private readonly ILogger<ErrorMappingInterceptor> _logger;

    public ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger)
    {
        _logger = logger;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    internal RpcException Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            case Core.UnitState.UnitStateException unit:
                return unit.NotFound
                    ? ApiErrors.NotFound(unit.Message)
                    : ApiErrors.InvalidArgument(unit.Field, unit.Message.StartsWith(unit.Field + ": ", StringComparison.Ordinal) ? unit.Message[(unit.Field.Length + 2)..] : unit.Message);
            case ArgumentException arg:
                return ApiErrors.InvalidArgument(string.IsNullOrEmpty(arg.ParamName) ? "request" : arg.ParamName, FirstLine(arg.Message));
            case KeyNotFoundException notFound:
                return ApiErrors.NotFound(notFound.Message);
            case InvalidOperationException invalid:
                return ApiErrors.FailedPrecondition(invalid.Message);
            default:
                LogUnexpected(_logger, ex, context.Method);
                return new RpcException(new Status(StatusCode.Internal, "internal error; see the gateway log"));
        }
    }

    // ArgumentException appends " (Parameter 'x')"; the field is already named in front.
    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Error, Message = "Unexpected error in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);
}
