namespace Siamese.Trainer.Evaluation;

/// <summary>
/// Episodes: half the identities enrolled (one random image each), the others unknown. One probe of an unknown
/// identity (should be rejected: nearest distance above the threshold) and one probe of an enrolled identity.
/// </summary>
public static class OpenSetEvaluator
{
    public static OpenSetResult Evaluate(EmbeddedImages set, float threshold, int episodes, Random random)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var identities = set.WithTwoOrMore;
        if (identities.Length < 2)
        {
            throw new ArgumentException("Open-set evaluation needs at least 2 identities with at least 2 images.", nameof(set));
        }

        var enrolled = (identities.Length + 1) / 2;
        var order = Enumerable.Range(0, identities.Length).ToArray();
        var gallery = new int[enrolled];
        int rejected = 0, knownCorrect = 0;
        for (var e = 0; e < episodes; e++)
        {
            random.Shuffle(order);
            for (var k = 0; k < enrolled; k++)
            {
                var images = identities[order[k]];
                gallery[k] = images[random.Next(images.Length)];
            }

            var unknown = identities[order[enrolled + random.Next(identities.Length - enrolled)]];
            if (set.Nearest(unknown[random.Next(unknown.Length)], gallery).Distance > threshold)
            {
                rejected++;
            }

            var target = random.Next(enrolled);
            var own = identities[order[target]];
            int probe;
            do
            {
                probe = own[random.Next(own.Length)];
            }
            while (probe == gallery[target]);

            var nearest = set.Nearest(probe, gallery);
            if (nearest.Position == target && nearest.Distance <= threshold)
            {
                knownCorrect++;
            }
        }

        return new OpenSetResult(
            enrolled,
            identities.Length - enrolled,
            episodes,
            threshold,
            (double)rejected / episodes,
            Interval.Wilson95(rejected, episodes),
            (double)knownCorrect / episodes);
    }
}
