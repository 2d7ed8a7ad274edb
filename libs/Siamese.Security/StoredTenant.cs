namespace Siamese.Security;

/// <summary>A tenant and its active keys, as the key store file holds them.</summary>
public sealed record StoredTenant(string Name, DateTimeOffset CreatedAt, IReadOnlyList<StoredKey> Keys);
