using System.Security.Cryptography;

namespace Siamese.Reliability;

/// <summary>Keys that look right and are not: the shape of a tenant key (sia_ + 12-character id + secret) with random content.</summary>
public static class Keys
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string WellFormedUnknown()
    {
        var id = new string([.. Enumerable.Range(0, 12).Select(_ => IdAlphabet[RandomNumberGenerator.GetInt32(IdAlphabet.Length)])]);
        return $"sia_{id}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }
}
