namespace Siamese.Security.Admin;

/// <summary>
/// What a host stores for a tenant beyond its keys (the match host: enrolled subjects, wrong-match reports, the
/// calibrated threshold). Deleting a tenant erases it, so a tenant created later under the same name starts empty.
/// </summary>
public interface ITenantData
{
    /// <summary>Removes everything stored for the tenant; returns how many subjects and examples went. Idempotent.</summary>
    Task<ErasedTenantData> EraseAsync(string tenant, CancellationToken cancellationToken);
}

/// <summary>What one erasure removed.</summary>
public readonly record struct ErasedTenantData(long Subjects, long Examples)
{
    public static ErasedTenantData operator +(ErasedTenantData left, ErasedTenantData right) =>
        new(left.Subjects + right.Subjects, left.Examples + right.Examples);

    public static ErasedTenantData Add(ErasedTenantData left, ErasedTenantData right) => left + right;
}

/// <summary>What deleting a tenant did: the keys revoked and the data erased.</summary>
public readonly record struct DeletedTenant(int RevokedKeys, ErasedTenantData Erased);
