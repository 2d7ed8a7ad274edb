using System.ComponentModel.DataAnnotations;
using Siamese.Security;

namespace Siamese.Deploy.Tests;

/// <summary>What the hosts say, at start, about a key held in a file (the rule of <see cref="SecurityOptions"/>).</summary>
internal static class KeyFiles
{
    /// <summary>The host that serves the Admin API and so writes the key store (MatchServiceExtensions maps it).</summary>
    public const string KeyStoreWriter = "match";

    /// <summary>
    /// Settings that make a host call another Siamese host (RequireServiceKey): the host that reads the setting, the
    /// setting, the service called. A host that does not read it (detect, given the shared config map) calls no one.
    /// </summary>
    public static IReadOnlyList<(string Caller, string Setting, string Callee)> Calls { get; } = [("match", "Match__EmbedAddress", "embed")];

    /// <summary>The validation errors a host would stop with if its admin key were <paramref name="key"/> (none: accepted).</summary>
    public static IReadOnlyList<string> Problems(string key)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, key);
            return ProblemsOfFile(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The validation errors a host would stop with if <paramref name="file"/> were its admin key file.</summary>
    public static IReadOnlyList<string> ProblemsOfFile(string file)
    {
        var options = new SecurityOptions { AdminKeyFile = file };
        return [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "")];
    }
}
