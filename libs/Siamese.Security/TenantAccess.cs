using System.Security.Claims;
using Grpc.Core;
using Siamese.ServiceDefaults;

namespace Siamese.Security;

/// <summary>
/// The tenant a call acts for: a tenant key's own tenant, never a name the caller chooses. A request may name the
/// tenant (the proto's <c>tenant</c> field, the REST path, ingest's <c>X-Tenant</c>) only as the key's own; another name
/// is refused with the same answer whether or not that tenant exists.
/// </summary>
public static class TenantAccess
{
    /// <summary>
    /// The key's tenant; in open mode the requested one (null: the service's default). Throws
    /// <see cref="AccessDeniedException"/> for another tenant's name, for admin and service keys, and for unauthenticated users.
    /// </summary>
    public static string? Resolve(ClaimsPrincipal? user, string? requested)
    {
        var caller = Caller.From(user) ?? throw new AccessDeniedException(ApiKeyDefaults.UnauthenticatedMessage);
        var named = string.IsNullOrEmpty(requested) ? null : requested;
        return caller.Role switch
        {
            CallerRole.Open => named,
            CallerRole.Tenant when named is null || named == caller.Tenant => caller.Tenant,
            CallerRole.Tenant => throw new AccessDeniedException(
                "This API key acts for one tenant only: leave the tenant empty, or name the key's own tenant."),
            _ => throw new AccessDeniedException("This key cannot act on a tenant's data: use one of the tenant's API keys."),
        };
    }

    /// <summary><see cref="Resolve(ClaimsPrincipal?, string?)"/> for a gRPC call (also reached through JSON transcoding).</summary>
    public static string? Resolve(ServerCallContext context, string? requested)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Tests that call a service class directly put an HttpContext in UserState["__HttpContext"]; GetHttpContext finds it.
        return Resolve(context.GetHttpContext().User, requested);
    }
}
