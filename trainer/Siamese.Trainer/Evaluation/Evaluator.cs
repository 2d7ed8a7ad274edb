using Siamese.Trainer.Data;

namespace Siamese.Trainer.Evaluation;

/// <summary>All evaluation figures for one set of (unseen) identities, at a threshold calibrated elsewhere.</summary>
public static class Evaluator
{
    public static EvaluationResult Evaluate(EmbeddedImages test, float threshold, int ways, int episodes, int seed)
    {
        ArgumentNullException.ThrowIfNull(test);
        var (genuine, impostor) = Distances.AllPairs(test.Embeddings, test.IdentityOfImage, test.Images);
        var usableWays = ways > 0 ? ways : test.WithTwoOrMore.Length;
        return new EvaluationResult(
            VerificationResult.Compute(genuine, impostor, threshold),
            OneShotEvaluator.Evaluate(test, usableWays, episodes, new Random(seed)),
            OpenSetEvaluator.Evaluate(test, threshold, episodes, new Random(seed + 1)),
            GalleryFirstEvaluator.Evaluate(test),
            ClassicOnBalancedPairs(test, seed + 2))
        {
            GenuineDistances = genuine,
            ImpostorDistances = impostor,
        };
    }

    /// <summary>The classic figure, but on pairs of the unseen identities only (10,000 + 10,000, with replacement).</summary>
    private static ClassicResult ClassicOnBalancedPairs(EmbeddedImages test, int seed)
    {
        var pairs = new PairSampler(test.IdentityOfImage, test.Images).Draw(20_000, new Random(seed));
        return ClassicResult.Compute(
            "test identities, 10,000 genuine + 10,000 impostor pairs",
            [.. pairs.Select(p => test.Distance(p.First, p.Second))],
            [.. pairs.Select(p => p.Genuine)]);
    }
}
