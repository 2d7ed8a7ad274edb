using System.Security.Cryptography;
using System.Text;

namespace Siamese.Trainer.Training;

/// <summary>Model name from the data, version from the weights: the same run gives the same name:version.</summary>
public static class RunNaming
{
    public static string ModelName(string dataFolderName)
    {
        var slug = new StringBuilder();
        foreach (var c in dataFolderName.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var name = slug.ToString().Trim('-');
        return "siamese-" + (name.Length == 0 ? "model" : name);
    }

    public static string Version(string tower, int seed, string weightsPath)
    {
        using var stream = File.OpenRead(weightsPath);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..8];
        return $"{tower}-s{seed}-{hash}";
    }
}
