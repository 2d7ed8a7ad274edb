namespace Siamese.Benchmarks;

/// <summary>Offline vs served accuracy of one <see cref="ServingSet"/>, as recorded in a serving results file.</summary>
internal sealed record ServingFigures(
    string Task,
    int TestIdentities,
    int Probes,
    double OfflineAccuracy,
    double ServedAccuracy,
    double DifferencePoints,
    double IdentifyP50Ms,
    double IdentifyP95Ms)
{
    public static ServingFigures Of(ServingSet set, double offline, double served, IReadOnlyList<double> latenciesMs)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sorted = latenciesMs.Order().ToArray();
        Console.WriteLine($"{set.Task}: offline {offline:P2}, served {served:P2} ({set.Gallery.Count} enrolled, {set.Probes.Count} probes)");
        return new ServingFigures(
            set.Task,
            set.Gallery.Select(g => g.Label).Distinct(StringComparer.Ordinal).Count(),
            set.Probes.Count,
            Math.Round(offline, 4),
            Math.Round(served, 4),
            Math.Round((served - offline) * 100, 2),
            Math.Round(sorted[sorted.Length / 2], 2),
            Math.Round(sorted[(int)(sorted.Length * 0.95)], 2));
    }
}
