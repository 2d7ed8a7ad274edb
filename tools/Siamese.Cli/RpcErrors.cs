using Grpc.Core;

namespace Siamese.Cli;

/// <summary>Turns gRPC failures into the one line a user reads.</summary>
internal static class RpcErrors
{
    /// <summary>Failures that no other file would escape: stop the run instead of repeating them per file.</summary>
    public static bool IsFatal(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.Unimplemented or StatusCode.Unauthenticated or StatusCode.PermissionDenied
        || IsHttp1Port(error) || TlsFailure(error) is not null;

    /// <summary>
    /// A failure that stops the run, described: when the call found the service unavailable and the address answers
    /// plain HTTP/1.1, it is the web port, whatever the transport's own words (<see cref="MatcherConnection.AnswersHttp1"/>).
    /// </summary>
    public static string DescribeFatal(RpcException error, MatcherConnection connection) =>
        error.StatusCode == StatusCode.Unavailable && !IsHttp1Port(error) && connection.AnswersHttp1() ? Http1Port : Describe(error);

    public static string Describe(RpcException error) => error.StatusCode switch
    {
        _ when IsHttp1Port(error) => Http1Port,
        _ when TlsFailure(error) is { } tls =>
            $"the TLS handshake failed ({tls.Message}): the services listen without TLS unless set up with a certificate, so an https:// " +
            "--server is answered in plain text (use http://), or the server's certificate is not one this machine trusts.",
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

    /// <summary>
    /// The call reached a server that does not speak HTTP/2 on that port (Kestrel's HTTP/1.1-only endpoint, or one that
    /// answers HTTP_1_1_REQUIRED): one clear line instead of the transport's error for every file.
    /// </summary>
    private static bool IsHttp1Port(RpcException error)
    {
        if (error.StatusCode is not (StatusCode.Internal or StatusCode.Unavailable))
        {
            return false;
        }

        var text = error.Status.Detail + " " + error.Status.DebugException?.ToString();
        return text.Contains("HTTP_1_1_REQUIRED", StringComparison.Ordinal)
            || text.Contains("HTTP/2 handshake", StringComparison.Ordinal)
            || text.Contains("protocol downgraded to HTTP/1.1", StringComparison.Ordinal)
            || text.Contains("HTTP/1.1", StringComparison.Ordinal);
    }

    /// <summary>An https:// address whose handshake failed (a plain-text port, or a certificate not trusted), or null.</summary>
    private static System.Security.Authentication.AuthenticationException? TlsFailure(RpcException error)
    {
        for (var e = error.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException tls)
            {
                return tls;
            }
        }

        return null;
    }

    private static string Http1Port =>
        $"this address speaks HTTP/1.1, not gRPC: it is the REST and web page port. Point --server at the gRPC port ({CliOptions.DefaultServer} by default).";

    private static string Detail(RpcException error) =>
        string.IsNullOrWhiteSpace(error.Status.Detail) ? error.StatusCode.ToString() : error.Status.Detail;
}
