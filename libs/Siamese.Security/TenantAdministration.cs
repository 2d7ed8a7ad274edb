using Microsoft.Extensions.Logging;
using Siamese.Contracts;
using Siamese.ServiceDefaults;

namespace Siamese.Security;

/// <summary>Creates and removes tenants and their keys in the <see cref="KeyStore"/> (the admin API and the CLI call it).</summary>
public sealed partial class TenantAdministration(KeyStore store, TimeProvider time, ILogger<TenantAdministration> logger)
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

    /// <summary>Removes the tenant and revokes its keys; returns how many keys were revoked.</summary>
    public int DeleteTenant(string? tenant)
    {
        var name = CheckTenant(tenant);
        var revoked = store.Update(document =>
        {
            var entry = Find(document, name);
            return (document with { Tenants = [.. document.Tenants.Where(t => t.Name != name)] }, entry.Keys.Count);
        });
        LogTenantDeleted(logger, name, revoked);
        return revoked;
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

    private static string CheckTenant(string? tenant) => NameRules.TenantError(tenant) is { } error ? throw new ArgumentException(error) : tenant!;

    private static StoredTenant Find(KeyStoreDocument document, string name) =>
        document.Tenants.FirstOrDefault(t => t.Name == name) ?? throw new ResourceNotFoundException($"There is no tenant '{name}'.");

    private static KeyStoreDocument Replace(KeyStoreDocument document, StoredTenant tenant) =>
        document with { Tenants = [.. document.Tenants.Select(t => t.Name == tenant.Name ? tenant : t)] };

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} created")]
    private static partial void LogTenantCreated(ILogger logger, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} deleted; {Revoked} keys revoked")]
    private static partial void LogTenantDeleted(ILogger logger, string tenant, int revoked);

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {KeyId} created for tenant {Tenant}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {KeyId} of tenant {Tenant} revoked")]
    private static partial void LogKeyRevoked(ILogger logger, string keyId, string tenant);
}
