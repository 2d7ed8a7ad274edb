namespace Siamese.Trainer.Evaluation;

/// <summary>
/// The fixed, draw-free identification test: gallery = first image of each identity in natural file order,
/// probes = all the others. The serving path (enrol + identify over gRPC) is compared against exactly this.
/// </summary>
public static class GalleryFirstEvaluator
{
    public static GalleryFirstResult Evaluate(EmbeddedImages set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var gallery = set.ByIdentity.Select(g => g[0]).ToArray();
        int probes = 0, correct = 0;
        for (var k = 0; k < set.ByIdentity.Length; k++)
        {
            foreach (var probe in set.ByIdentity[k].Skip(1))
            {
                probes++;
                if (set.Nearest(probe, gallery).Position == k)
                {
                    correct++;
                }
            }
        }

        return new GalleryFirstResult(probes == 0 ? 0 : (double)correct / probes, gallery.Length, probes);
    }
}
