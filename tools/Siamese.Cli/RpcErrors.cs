using Grpc.Core;

namespace Siamese.Cli;

/// <summary>Turns gRPC failures into the one line a user reads.</summary>
internal static class RpcErrors
{
    /// <summary>Failures that no other file would escape: stop the run instead of repeating them per file.</summary>
    public static bool IsFatal(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.Unimplemented or StatusCode.Unauthenticated or StatusCode.PermissionDenied;

    public static string Describe(RpcException error) => error.StatusCode switch
    {
        StatusCode.Unavailable => $"match service unavailable: {Detail(error)}" +
            (error.Status.DebugException is { } cause ? $" ({cause.GetBaseException().Message})" : ""),
        StatusCode.DeadlineExceeded => "no answer within the deadline",
        StatusCode.InvalidArgument => $"rejected: {Detail(error)}",
        StatusCode.ResourceExhausted => $"too large: {Detail(error)}",
        StatusCode.NotFound => $"not found: {Detail(error)}",
        StatusCode.AlreadyExists => $"exists already: {Detail(error)}",
        StatusCode.Unauthenticated => $"not authenticated: {Detail(error)} (pass --api-key or set {CliOptions.ApiKeyVariable})",
        StatusCode.PermissionDenied => $"not allowed: {Detail(error)}",
        _ => $"{error.StatusCode}: {Detail(error)}",
    };

    private static string Detail(RpcException error) =>
        string.IsNullOrWhiteSpace(error.Status.Detail) ? error.StatusCode.ToString() : error.Status.Detail;
}
