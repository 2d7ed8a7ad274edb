using Siamese.Model;

namespace Siamese.Benchmarks;

/// <summary>
/// One identification task of a serving benchmark: every gallery image enrols its label in <paramref name="Tenant"/>,
/// every probe is identified against them (nearest subject), offline and through the hosts.
/// </summary>
/// <param name="Task">What the task is called in the results file (e.g. <c>one-shot</c>, <c>iconic</c>).</param>
internal sealed record ServingSet(string Task, string Tenant, IReadOnlyList<LabeledImage> Gallery, IReadOnlyList<LabeledImage> Probes)
{
    /// <summary>The first image of each class enrolled, the others probes (one-shot on a folder per class).</summary>
    public static ServingSet FirstOfEach(string task, string tenant, IEnumerable<LabeledImage> images)
    {
        var groups = images.GroupBy(i => i.Label).ToList();
        return new ServingSet(task, tenant, [.. groups.Select(g => g.First())], [.. groups.SelectMany(g => g.Skip(1))]);
    }
}
