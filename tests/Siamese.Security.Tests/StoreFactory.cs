using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Siamese.Security.Admin;

namespace Siamese.Security.Tests;

/// <summary>Key stores and administrations over one file, as separate hosts would open it.</summary>
internal static class StoreFactory
{
    public static KeyStore Open(string path) =>
        new(Options.Create(new SecurityOptions { KeyStorePath = path }), NullLogger<KeyStore>.Instance);

    public static TenantAdministration Administer(KeyStore store, params ITenantData[] tenantData) =>
        new(store, TimeProvider.System, tenantData, Options.Create(new SecurityOptions()), NullLogger<TenantAdministration>.Instance);

    /// <summary>An administration of a host in open mode (Security:Mode Open).</summary>
    public static TenantAdministration AdministerOpen(KeyStore store, params ITenantData[] tenantData) =>
        new(store, TimeProvider.System, tenantData, Options.Create(new SecurityOptions { Mode = SecurityMode.Open }), NullLogger<TenantAdministration>.Instance);
}
