namespace Siamese.Security;

/// <summary>The key store file's content. <see cref="Version"/> grows when the format changes.</summary>
public sealed record KeyStoreDocument(int Version, IReadOnlyList<StoredTenant> Tenants)
{
    public const int CurrentVersion = 1;

    public static KeyStoreDocument Empty { get; } = new(CurrentVersion, []);
}
