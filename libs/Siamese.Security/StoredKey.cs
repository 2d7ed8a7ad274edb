namespace Siamese.Security;

/// <summary>One key in the store: never the key, only its hash.</summary>
/// <param name="Id">The id part of the key (<see cref="ApiKeyFormat"/>).</param>
/// <param name="Name">A label for people (a camera, an application).</param>
/// <param name="Hash">Base64 of the key's SHA-256.</param>
public sealed record StoredKey(string Id, string Name, string Hash, DateTimeOffset CreatedAt);
