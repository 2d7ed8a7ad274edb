namespace Siamese.Deploy.Tests;

/// <summary>Each kustomization rendered once per test run (kubectl takes a moment per render).</summary>
internal static class Rendered
{
    private static readonly Lazy<IReadOnlyList<Cluster>> All = new(() => [.. Cluster.Kustomizations.Select(Cluster.Render)]);

    public static IReadOnlyList<Cluster> Clusters => All.Value;

    public static Cluster Of(string folder) => Clusters.Single(c => c.Folder == folder);
}
