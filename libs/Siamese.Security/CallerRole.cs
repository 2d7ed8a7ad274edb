namespace Siamese.Security;

/// <summary>What a caller's credentials allow.</summary>
public enum CallerRole
{
    /// <summary>A tenant's key: that tenant's data, embed and detect.</summary>
    Tenant,

    /// <summary>The admin key: tenants and keys (no tenant's data).</summary>
    Admin,

    /// <summary>The deployment's service key: embed and detect, for calls between hosts.</summary>
    Service,

    /// <summary>Open mode on loopback: everything, tenant named by the request.</summary>
    Open,
}
