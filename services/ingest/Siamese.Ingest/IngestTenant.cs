using Microsoft.AspNetCore.Http;
using Siamese.Contracts;
using Siamese.Security;
using Siamese.ServiceDefaults;

namespace Siamese.Ingest;

/// <summary>
/// The tenant an ingest call acts for: the API key's own. <c>X-Tenant</c> may only repeat it (any other name is 403, the
/// same answer whether that tenant exists or not); in open mode it names the tenant, under the shared name rules.
/// </summary>
internal static class IngestTenant
{
    /// <exception cref="FrameRejectedException">403 for another tenant's name or a key without a tenant; 422 for a malformed name (open mode).</exception>
    public static string Of(HttpContext http, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var named = http.Request.Headers.TryGetValue(FrameRequestReader.TenantHeader, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;
        string? tenant;
        try
        {
            tenant = TenantAccess.Resolve(http.User, named);
        }
        catch (AccessDeniedException ex)
        {
            throw new FrameRejectedException(StatusCodes.Status403Forbidden, "Forbidden", ex.Message);
        }

        tenant ??= options.DefaultTenant;
        return NameRules.TenantError(tenant) is { } error ? throw FrameRejectedException.BadMetadata(error) : tenant;
    }
}
