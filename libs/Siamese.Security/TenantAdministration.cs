using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Security.Admin;
using Siamese.ServiceDefaults;

namespace Siamese.Security;

/// <summary>Creates and removes tenants and their keys in the <see cref="KeyStore"/> (the admin API and the CLI call it).</summary>
public sealed partial class TenantAdministration(
    KeyStore store, TimeProvider time, IEnumerable<ITenantData> tenantData, IOptions<SecurityOptions> security, ILogger<TenantAdministration> logger)
{
    /// <summary>Most keys one tenant may hold at once (a key per camera is expected; thousands would be a leak).</summary>
    public const int MaxKeysPerTenant = 1000;

    public StoredTenant CreateTenant(string? tenant)
    {
        var name = CheckTenant(tenant);
        var created = store.Update(document =>
        {
            if (document.Tenants.Any(t => t.Name == name))
            {
                throw new AlreadyExistsException($"Tenant '{name}' exists already.");
            }

            var entry = new StoredTenant(name, time.GetUtcNow(), []);
            return (document with { Tenants = [.. document.Tenants, entry] }, entry);
        });
        LogTenantCreated(logger, name);
        return created;
    }

    public IReadOnlyList<StoredTenant> ListTenants() => [.. store.Document.Tenants.OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Removes the tenant, revokes its keys and erases what the host stores for it (<see cref="ITenantData"/>: its
    /// subjects, wrong-match reports and calibration), so a tenant created later under the same name starts empty.
    /// </summary>
    /// <remarks>
    /// The data goes first: when erasing fails the tenant and its keys are untouched and the call can be repeated. A
    /// second pass after the keys are revoked removes what a client enrolled while the first ran. In open mode a
    /// request's tenant is whatever it names, listed in the key store or not (<c>default</c> above all), so a tenant
    /// the store does not hold has its data erased there, with no key to revoke; with API keys it is not found.
    /// </remarks>
    public async Task<DeletedTenant> DeleteTenantAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        var name = CheckTenant(tenant);
        if (security.Value.Mode == SecurityMode.Open && !store.Document.Tenants.Any(t => t.Name == name))
        {
            var named = await EraseAsync(name, cancellationToken).ConfigureAwait(false);
            LogTenantDeleted(logger, name, 0, named.Subjects, named.Examples);
            return new DeletedTenant(0, named);
        }

        _ = Find(store.Document, name);
        var erased = await EraseAsync(name, cancellationToken).ConfigureAwait(false);
        var revoked = store.Update(document =>
        {
            var entry = Find(document, name);
            return (document with { Tenants = [.. document.Tenants.Where(t => t.Name != name)] }, entry.Keys.Count);
        });
        erased += await EraseAsync(name, cancellationToken).ConfigureAwait(false);
        LogTenantDeleted(logger, name, revoked, erased.Subjects, erased.Examples);
        return new DeletedTenant(revoked, erased);
    }

    /// <summary>A new key for the tenant: the stored entry and the key itself (never stored, never shown again).</summary>
    public (StoredKey Entry, string Key) CreateKey(string? tenant, string? keyName)
    {
        var name = CheckTenant(tenant);
        if (NameRules.DisplayNameError(keyName) is { } error)
        {
            throw new ArgumentException(error.Replace("Display name", "Key name", StringComparison.Ordinal));
        }

        var (id, key) = ApiKeyFormat.Generate();
        var entry = new StoredKey(id, keyName ?? "", ApiKeyFormat.Hash(key), time.GetUtcNow());
        store.Update(document =>
        {
            var owner = Find(document, name);
            if (owner.Keys.Count >= MaxKeysPerTenant)
            {
                throw new ArgumentException($"Tenant '{name}' holds {owner.Keys.Count} keys, the most allowed: revoke unused ones first.");
            }

            return (Replace(document, owner with { Keys = [.. owner.Keys, entry] }), 0);
        });
        LogKeyCreated(logger, id, name);
        return (entry, key);
    }

    public IReadOnlyList<StoredKey> ListKeys(string? tenant) => Find(store.Document, CheckTenant(tenant)).Keys;

    public void RevokeKey(string? tenant, string? keyId)
    {
        var name = CheckTenant(tenant);
        store.Update(document =>
        {
            var owner = Find(document, name);
            return owner.Keys.Any(k => k.Id == keyId)
                ? (Replace(document, owner with { Keys = [.. owner.Keys.Where(k => k.Id != keyId)] }), 0)
                : throw new ResourceNotFoundException($"Tenant '{name}' has no key '{NameRules.Shorten(keyId)}'.");
        });
        LogKeyRevoked(logger, keyId!, name);
    }

    private async Task<ErasedTenantData> EraseAsync(string tenant, CancellationToken cancellationToken)
    {
        var erased = default(ErasedTenantData);
        foreach (var data in tenantData)
        {
            erased += await data.EraseAsync(tenant, cancellationToken).ConfigureAwait(false);
        }

        return erased;
    }

    private static string CheckTenant(string? tenant) => NameRules.TenantError(tenant) is { } error ? throw new ArgumentException(error) : tenant!;

    private static StoredTenant Find(KeyStoreDocument document, string name) =>
        document.Tenants.FirstOrDefault(t => t.Name == name) ?? throw new ResourceNotFoundException($"There is no tenant '{name}'.");

    private static KeyStoreDocument Replace(KeyStoreDocument document, StoredTenant tenant) =>
        document with { Tenants = [.. document.Tenants.Select(t => t.Name == tenant.Name ? tenant : t)] };

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} created")]
    private static partial void LogTenantCreated(ILogger logger, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} deleted; {Revoked} keys revoked, {Subjects} subjects ({Examples} examples) erased")]
    private static partial void LogTenantDeleted(ILogger logger, string tenant, int revoked, long subjects, long examples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {KeyId} created for tenant {Tenant}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {KeyId} of tenant {Tenant} revoked")]
    private static partial void LogKeyRevoked(ILogger logger, string keyId, string tenant);
}
