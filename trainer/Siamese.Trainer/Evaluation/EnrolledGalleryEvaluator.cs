namespace Siamese.Trainer.Evaluation;

/// <summary>
/// N-way identification against a separate enrolment set (<c>--gallery</c>: e.g. one catalogue "iconic" image per
/// product): per episode N test identities that have an enrolment image, one enrolment image each, one probe (a test
/// image of one of them); correct when the nearest enrolment image is the probe's identity.
/// </summary>
public static class EnrolledGalleryEvaluator
{
    /// <param name="probes">Test images (their embeddings and identities).</param>
    /// <param name="gallery">Enrolment embeddings and their identities (same identity numbering as the probes).</param>
    public static OneShotResult? Evaluate(EmbeddedImages probes, IReadOnlyList<(int Identity, float[] Embedding)> gallery, int ways, int episodes, Random random)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(gallery);
        ArgumentNullException.ThrowIfNull(random);
        var enrolled = gallery.GroupBy(g => g.Identity).ToDictionary(g => g.Key, g => g.Select(x => x.Embedding).ToArray());
        var identities = probes.ByIdentity.Where(g => enrolled.ContainsKey(probes.IdentityOfImage[g[0]])).ToArray();
        var usable = ways > 0 ? Math.Min(ways, identities.Length) : identities.Length;
        if (usable < 2)
        {
            return null;
        }

        var order = Enumerable.Range(0, identities.Length).ToArray();
        var chosen = new float[usable][];
        var correct = 0;
        for (var e = 0; e < episodes; e++)
        {
            random.Shuffle(order);
            for (var k = 0; k < usable; k++)
            {
                var own = enrolled[probes.IdentityOfImage[identities[order[k]][0]]];
                chosen[k] = own[random.Next(own.Length)];
            }

            var target = random.Next(usable);
            var images = identities[order[target]];
            var probe = probes.Embeddings[images[random.Next(images.Length)]];
            var best = 0;
            var bestDistance = float.PositiveInfinity;
            for (var k = 0; k < usable; k++)
            {
                var d = Distances.Euclidean(probe, chosen[k]);
                if (d < bestDistance)
                {
                    (best, bestDistance) = (k, d);
                }
            }

            if (best == target)
            {
                correct++;
            }
        }

        return new OneShotResult(usable, episodes, (double)correct / episodes, Interval.Wilson95(correct, episodes));
    }
}
