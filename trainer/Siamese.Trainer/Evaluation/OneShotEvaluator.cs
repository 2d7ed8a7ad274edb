namespace Siamese.Trainer.Evaluation;

/// <summary>
/// Episodes of N-way one-shot identification: N identities, one random gallery image each, one probe (another
/// image of one of them); correct when the nearest gallery image is the probe's identity.
/// </summary>
public static class OneShotEvaluator
{
    public static OneShotResult Evaluate(EmbeddedImages set, int ways, int episodes, Random random)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var identities = set.WithTwoOrMore;
        if (ways < 2 || ways > identities.Length)
        {
            throw new ArgumentException($"{ways}-way episodes need between 2 and {identities.Length} identities with at least 2 images.", nameof(ways));
        }

        var order = Enumerable.Range(0, identities.Length).ToArray();
        var gallery = new int[ways];
        var correct = 0;
        for (var e = 0; e < episodes; e++)
        {
            random.Shuffle(order);
            for (var k = 0; k < ways; k++)
            {
                var images = identities[order[k]];
                gallery[k] = images[random.Next(images.Length)];
            }

            var target = random.Next(ways);
            var own = identities[order[target]];
            int probe;
            do
            {
                probe = own[random.Next(own.Length)];
            }
            while (probe == gallery[target]);

            if (set.Nearest(probe, gallery).Position == target)
            {
                correct++;
            }
        }

        return new OneShotResult(ways, episodes, (double)correct / episodes, Interval.Wilson95(correct, episodes));
    }
}
