using Microsoft.AspNetCore.Http;
using Siamese.Contracts;
using Siamese.Security;
using Siamese.ServiceDefaults;

namespace Siamese.Ingest;

/// <summary>
/// The tenant an ingest call acts for: the API key's own. <c>X-Tenant</c> or <c>?tenant=</c> may only repeat it (any other
/// name is 403, the same answer whether that tenant exists or not); in open mode either names the tenant, under the shared
/// name rules. Both given with different names is 422: a frame is never filed under a tenant its sender did not mean.
/// </summary>
internal static class IngestTenant
{
    /// <summary>The query parameter that names the tenant, as the header does.</summary>
    public const string QueryName = "tenant";

    /// <exception cref="FrameRejectedException">403 for another tenant's name or a key without a tenant; 422 for a malformed name (open mode) or two different names.</exception>
    public static string Of(HttpContext http, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var header = http.Request.Headers.TryGetValue(FrameRequestReader.TenantHeader, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;
        var query = http.Request.Query.TryGetValue(QueryName, out var parameter) && !string.IsNullOrWhiteSpace(parameter) ? parameter.ToString() : null;
        if (header is not null && query is not null && !string.Equals(header, query, StringComparison.Ordinal))
        {
            throw FrameRejectedException.BadMetadata(
                $"The {FrameRequestReader.TenantHeader} header names tenant '{NameRules.Shorten(header)}' and ?{QueryName}= names '{NameRules.Shorten(query)}': name the tenant once, or the same in both.");
        }

        var named = header ?? query;
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
