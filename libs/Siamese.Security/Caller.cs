using System.Globalization;
using System.Security.Claims;

namespace Siamese.Security;

/// <summary>Who is calling, as the API-key handler established it: the claims it puts on the request's user.</summary>
/// <param name="Tenant">The key's tenant (null for admin, service and open callers).</param>
/// <param name="KeyId">The tenant key's id (safe to log), null otherwise.</param>
public sealed record Caller(CallerRole Role, string? Tenant, string? KeyId)
{
    public const string TenantClaim = "siamese:tenant";
    public const string KeyIdClaim = "siamese:key";

    /// <summary>The caller behind an authenticated user, or null when the user is not one (not authenticated).</summary>
    public static Caller? From(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, AuthenticationType: ApiKeyDefaults.Scheme })
        {
            return null;
        }

        var role = Enum.TryParse<CallerRole>(user.FindFirstValue(ClaimTypes.Role), out var r) ? r : (CallerRole?)null;
        return role is { } known ? new Caller(known, user.FindFirstValue(TenantClaim), user.FindFirstValue(KeyIdClaim)) : null;
    }

    /// <summary>The user the handler attaches to the request.</summary>
    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, Role.ToString()) };
        if (Tenant is not null)
        {
            claims.Add(new Claim(TenantClaim, Tenant));
            claims.Add(new Claim(ClaimTypes.Name, Tenant));
        }

        if (KeyId is not null)
        {
            claims.Add(new Claim(KeyIdClaim, KeyId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyDefaults.Scheme));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Role}:{Tenant ?? "-"}:{KeyId ?? "-"}");
}
