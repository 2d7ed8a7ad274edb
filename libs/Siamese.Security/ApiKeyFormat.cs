using System.Security.Cryptography;
using System.Text;

namespace Siamese.Security;

/// <summary>
/// Tenant keys: <c>sia_{id}_{secret}</c>, a 12-character id (the store's lookup key, safe to log) and 32 random bytes
/// (base64url). Only the SHA-256 of the whole key is stored: the secret has 256 bits of entropy, so a slow password
/// hash would add cost per call and no protection.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "sia_";

    public const int IdLength = 12;

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new random key and its id.</summary>
    public static (string Id, string Key) Generate()
    {
        var id = string.Create(IdLength, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = IdAlphabet[RandomNumberGenerator.GetInt32(IdAlphabet.Length)];
            }
        });
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id inside a tenant key, or null when the text is not shaped like one.</summary>
    public static string? IdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length > Prefix.Length + IdLength + 1 && key.StartsWith(Prefix, StringComparison.Ordinal) && key[Prefix.Length + IdLength] == '_'
            ? key.Substring(Prefix.Length, IdLength)
            : null;
    }

    /// <summary>Whether <paramref name="id"/> is shaped like a key id (so a lookup with it is meaningful).</summary>
    public static bool IsId(string? id) => id is { Length: IdLength } && id.All(c => IdAlphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>The stored form of a key: its SHA-256, lower-case hex (64 characters).</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Compares a presented key with a stored hash in time independent of where they differ.</summary>
    public static bool Matches(string key, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(storedHash);
        Span<byte> expected = stackalloc byte[32];
        if (storedHash.Length != 64 || Convert.FromHexString(storedHash, expected, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), expected);
    }
}
