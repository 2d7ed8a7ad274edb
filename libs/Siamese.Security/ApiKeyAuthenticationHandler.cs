using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>
/// Establishes the caller of every request from its API key (<c>X-Api-Key</c>, or <c>Authorization: ApiKey|Bearer</c>):
/// the admin key, the service key, or a tenant's key from the <see cref="KeyStore"/>. The tenant of a tenant key is the
/// only tenant the request may act for. In open mode every request is an <see cref="CallerRole.Open"/> caller.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IOptions<SecurityOptions> security,
    DeploymentKeys deploymentKeys,
    KeyStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    private static readonly Caller OpenCaller = new(CallerRole.Open, null, null);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (security.Value.Mode == SecurityMode.Open)
        {
            return Task.FromResult(Success(OpenCaller));
        }

        if (ReadKey(Request) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (deploymentKeys.RoleOf(key) is { } role)
        {
            return Task.FromResult(Success(new Caller(role, null, null)));
        }

        if (store.Find(key) is { } found)
        {
            return Task.FromResult(Success(new Caller(CallerRole.Tenant, found.Tenant, found.KeyId)));
        }

        LogRejected(Logger, Request.Path, ApiKeyFormat.IdOf(key) is { } id && ApiKeyFormat.IsId(id) ? id : "(not a key)");
        return Task.FromResult(AuthenticateResult.Fail("unknown or revoked API key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthFailureResponse.WriteAsync(Context, StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthFailureResponse.WriteAsync(Context, StatusCodes.Status403Forbidden);

    /// <summary>The presented key, or null when there is none.</summary>
    internal static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers[ApiKeyDefaults.Header].ToString().Trim();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString().Trim();
        foreach (var scheme in new[] { ApiKeyDefaults.AuthorizationScheme, "Bearer" })
        {
            if (authorization.Length > scheme.Length + 1 && authorization.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase))
            {
                return authorization[(scheme.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(), ApiKeyDefaults.Scheme));

    [LoggerMessage(Level = LogLevel.Information, Message = "Unknown or revoked API key {KeyId} on {Path}")]
    private static partial void LogRejected(ILogger logger, PathString path, string keyId);
}
