using Grpc.Core;

namespace Gateway.Api.Errors;

/// <summary>The status codes user mistakes map to (contract: INVALID_ARGUMENT names the field, never UNKNOWN).</summary>
public static class ApiErrors
{
    /// <summary>Trailer carrying the offending field so programs need not parse the message.</summary>
    public const string FieldTrailer = "gateway-invalid-field";

    public static RpcException InvalidArgument(string field, string problem)
    {
        var trailers = new Metadata { { FieldTrailer, field } };
        return new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: {problem}"), trailers);
    }

    public static RpcException NotFound(string what) => new(new Status(StatusCode.NotFound, what));

    public static RpcException PermissionDenied(string what) => new(new Status(StatusCode.PermissionDenied, what));

    public static RpcException FailedPrecondition(string what) => new(new Status(StatusCode.FailedPrecondition, what));

    public static RpcException AlreadyExists(string what) => new(new Status(StatusCode.AlreadyExists, what));

    public static RpcException ResourceExhausted(string what) => new(new Status(StatusCode.ResourceExhausted, what));

    public static RpcException Unimplemented(string what) => new(new Status(StatusCode.Unimplemented, what));
}
