using Microsoft.AspNetCore.Http;

namespace Siamese.Security;

/// <summary>
/// Writes 401/403 in the caller's protocol: gRPC callers get a trailers-only response with UNAUTHENTICATED or
/// PERMISSION_DENIED (not an HTTP status their client would report as a broken call); everyone else gets problem+json.
/// </summary>
internal static class AuthFailureResponse
{
    public static Task WriteAsync(HttpContext context, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var unauthenticated = statusCode == StatusCodes.Status401Unauthorized;
        var message = unauthenticated ? ApiKeyDefaults.UnauthenticatedMessage : ApiKeyDefaults.ForbiddenMessage;
        if (unauthenticated)
        {
            response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.AuthorizationScheme} header=\"{ApiKeyDefaults.Header}\"";
        }

        if (IsGrpc(context.Request))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = unauthenticated ? "16" : "7";
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        return Results.Problem(message, statusCode: statusCode, title: unauthenticated ? "Unauthenticated" : "Forbidden").ExecuteAsync(context);
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
