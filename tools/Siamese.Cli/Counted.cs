using System.Globalization;

namespace Siamese.Cli;

/// <summary>A count with its noun: "1 subject", "2 subjects" (the nouns the CLI counts take an s).</summary>
internal static class Counted
{
    public static string Of(long count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
