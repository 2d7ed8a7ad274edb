using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class CalibrationBasisTests
{
    [Fact]
    public void TheBasisCountsImpostorPairsAndIdentityPairsOfTheScoredImages()
    {
        // 3 identities × 4 images: 66 pairs, 18 genuine, 48 impostor; 3 identity pairs.
        var basis = CalibrationBasis.Of([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], 0.01, "validation identities");

        Assert.Equal((3, 3L, 48L), (basis.Identities, basis.IdentityPairs, basis.ImpostorPairs));
        Assert.Equal(0.48, basis.AcceptedPairs, 6);
    }

    [Fact]
    public void TwoValidationIdentitiesWarnThatTheTargetRateCannotBeTrusted()
    {
        // The case of the issue: a 20-class set left 2 validation identities (20 images each) for a 0.1% target.
        var basis = CalibrationBasis.Of([.. Enumerable.Range(0, 40).Select(i => i / 20)], 1e-3, "validation identities");

        Assert.NotNull(basis.Warning);
        Assert.Contains("only 2 identities", basis.Warning, StringComparison.Ordinal);
        Assert.Contains("cannot resolve", basis.Warning, StringComparison.Ordinal);
        Assert.Contains("400 impostor pairs", basis.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "1 pair accepted at the target")] // before: "1 pairs"
    [InlineData(2, "2 pairs accepted at the target")]
    public void TheAcceptedPairsTakeTheirNounsNumber(int accepted, string expected)
    {
        // Two identities of 500 images each: 250,000 impostor pairs.
        var basis = CalibrationBasis.Of([.. Enumerable.Range(0, 1000).Select(i => i / 500)], accepted / 250_000.0, "validation identities");

        Assert.Contains(expected, basis.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ThirtyCrossValidatedIdentitiesAreEnoughForATenthOfAPercent()
    {
        // ORL's patch threshold: 30 training identities × 10 images dealt into 6 folds of 5.
        var folds = Enumerable.Range(0, 6).Select(_ => CalibrationBasis.Of([.. Enumerable.Range(0, 50).Select(i => i / 10)], 1e-3, "training identities, cross-validated")).ToArray();
        var basis = folds.Skip(1).Aggregate(folds[0], (sum, fold) => sum.Plus(fold));

        Assert.Equal((30, 60L, 6L * 1000), (basis.Identities, basis.IdentityPairs, basis.ImpostorPairs));
        Assert.Null(basis.Warning);
    }

    [Fact]
    public void CalibratingOnTrainingIdentitiesIsFlagged()
    {
        var basis = CalibrationBasis.Of([.. Enumerable.Range(0, 400).Select(i => i / 10)], 1e-3, "training identities", seenInTraining: true);

        Assert.Contains("also trained the tower", basis.Warning, StringComparison.Ordinal);
    }
}
