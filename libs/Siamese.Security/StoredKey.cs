namespace Siamese.Security;

/// <summary>One key in the store: never the key, only its hash.</summary>
/// <param name="Id">The id part of the key (<see cref="ApiKeyFormat"/>).</param>
/// <param name="Name">A label for people (a camera, an application).</param>
/// <param name="Hash">The key's SHA-256, lower-case hex.</param>
public sealed record StoredKey(string Id, string Name, string Hash, DateTimeOffset CreatedAt);
