using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Siamese.ServiceDefaults;

namespace Siamese.Security;

/// <summary>
/// <c>GET /v1/me</c>: what the presented key is (role, tenant, key id), so a client (the web page) can put the key's own
/// tenant into its paths instead of asking the user for it. Needs a valid key like every other call.
/// </summary>
public static class CallerInfoEndpoint
{
    public const string Path = "/v1/me";

    public static IEndpointRouteBuilder MapCallerInfo(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!SecurityRegistration.FirstTime(endpoints, Path))
        {
            return endpoints;
        }

        endpoints.MapGet(Path, (HttpContext http) => Caller.From(http.User) is { } caller
                ? Results.Json(new { role = caller.Role.ToString().ToLowerInvariant(), tenant = caller.Tenant, keyId = caller.KeyId })
                : Results.Unauthorized())
            .WithTags("Security")
            .WithSummary("The role and tenant of the API key the call carries")
            .TakesNoQueryParameters();
        return endpoints;
    }
}
