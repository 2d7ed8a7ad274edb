using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Tests;

public sealed class OneShotEvaluationTests
{
    /// <summary>Identities on a line, 10 apart; each image within <paramref name="spread"/> of its identity's point.</summary>
    private static EmbeddedImages Toy(int identities, int perIdentity, float spread)
    {
        var random = new Random(1);
        var embeddings = new List<float[]>();
        var ids = new List<int>();
        for (var id = 0; id < identities; id++)
        {
            for (var k = 0; k < perIdentity; k++)
            {
                embeddings.Add([(id * 10) + ((float)random.NextDouble() * spread), 0f]);
                ids.Add(id);
            }
        }

        return new EmbeddedImages(embeddings, ids, Enumerable.Range(0, ids.Count).ToArray());
    }

    [Fact]
    public void WellSeparatedIdentitiesAreAlwaysIdentified()
    {
        var result = OneShotEvaluator.Evaluate(Toy(10, 5, 1f), ways: 10, episodes: 1000, new Random(2));

        Assert.Equal(10, result.Ways);
        Assert.Equal(1000, result.Episodes);
        Assert.Equal(1.0, result.Accuracy);
        Assert.True(result.Ci95[0] > 0.99 && result.Ci95[1] == 1.0);
    }

    [Fact]
    public void IdentitiesThatAllLookAlikeAreIdentifiedAtChance()
    {
        // Every image sits on the same point plus noise: the nearest gallery image is a coin toss among 5.
        var noise = new Random(5);
        var set = new EmbeddedImages(
            [.. Enumerable.Range(0, 50).Select(_ => new[] { (float)noise.NextDouble(), (float)noise.NextDouble() })],
            [.. Enumerable.Range(0, 50).Select(i => i % 5)],
            Enumerable.Range(0, 50).ToArray());

        var result = OneShotEvaluator.Evaluate(set, ways: 5, episodes: 4000, new Random(3));

        Assert.InRange(result.Accuracy, 0.15, 0.25);
        Assert.True(result.Ci95[0] < result.Accuracy && result.Accuracy < result.Ci95[1]);
    }

    [Fact]
    public void TheSameSeedGivesTheSameFigure()
    {
        var set = Toy(10, 4, 15f);

        Assert.Equal(
            OneShotEvaluator.Evaluate(set, 10, 500, new Random(9)).Accuracy,
            OneShotEvaluator.Evaluate(set, 10, 500, new Random(9)).Accuracy);
    }

    [Fact]
    public void GalleryFirstEnrolsTheFirstImageAndProbesAllOthers()
    {
        var result = GalleryFirstEvaluator.Evaluate(Toy(4, 3, 1f));

        Assert.Equal(new GalleryFirstResult(1.0, 4, 8), result);
    }

    [Fact]
    public void OpenSetRejectsStrangersBeyondTheThresholdAndAcceptsEnrolledProbes()
    {
        var result = OpenSetEvaluator.Evaluate(Toy(10, 4, 1f), threshold: 2f, episodes: 500, new Random(4));

        Assert.Equal(5, result.Enrolled);
        Assert.Equal(1.0, result.UnknownRejected);
        Assert.Equal(1.0, result.KnownCorrect);
    }

    [Fact]
    public void AThresholdBeyondEveryDistanceAnswersNobodyUnknown()
    {
        var result = OpenSetEvaluator.Evaluate(Toy(10, 4, 1f), threshold: 1000f, episodes: 200, new Random(4));

        Assert.Equal(0.0, result.UnknownRejected);
    }

    [Fact]
    public void MoreWaysThanIdentitiesIsRejected()
    {
        Assert.Throws<ArgumentException>(() => OneShotEvaluator.Evaluate(Toy(3, 2, 1f), ways: 4, episodes: 10, new Random(1)));
    }

    [Fact]
    public void ClassicFigureIsTheGenuineShareAmongPairsBelowTheCutoff()
    {
        var result = ClassicResult.Compute("toy", [0.1f, 0.2f, 0.3f, 0.9f], [true, true, false, false]);

        Assert.Equal(2.0 / 3, result.GenuineShareBelowCutoff, 9);
        Assert.Equal(0.75, result.Accuracy, 9);
    }
}
