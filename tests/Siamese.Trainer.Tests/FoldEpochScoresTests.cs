using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class FoldEpochScoresTests
{
    [Fact]
    public void TrainingThatGainsLessThanTheToleranceOnHeldOutIdentitiesKeepsTheClosedFormStart()
    {
        var (epochs, reason) = FoldEpochScores.Pick([new(0, 0.929, 0.073), new(5, 0.932, 0.069), new(9, 0.935, 0.069)]);

        Assert.Equal(0, epochs);
        Assert.Contains("the closed-form start is kept", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingThatGainsAccuracyButRaisesTheEerKeepsTheClosedFormStart()
    {
        var (epochs, _) = FoldEpochScores.Pick([new(0, 0.930, 0.131), new(2, 0.952, 0.159), new(7, 0.962, 0.133)]);

        Assert.Equal(0, epochs);
    }

    [Fact]
    public void TrainingThatClearlyGainsAndLowersTheEerIsKeptToItsBestEpoch()
    {
        var (epochs, reason) = FoldEpochScores.Pick([new(0, 0.90, 0.08), new(1, 0.91, 0.07), new(3, 0.935, 0.05), new(6, 0.94, 0.05), new(8, 0.94, 0.05)]);

        Assert.Equal(6, epochs);
        Assert.Contains("closed-form start: 90.0", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldsTooSmallForOneShotEpisodesChooseByTheLowestEer()
    {
        var (epochs, reason) = FoldEpochScores.Pick([new(0, double.NaN, 0.10), new(1, double.NaN, 0.08), new(2, double.NaN, 0.09)]);

        Assert.Equal(1, epochs);
        Assert.Contains("lowest held-out EER", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PickingFromNoScoredEpochIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => FoldEpochScores.Pick([]));

        Assert.Contains("No epoch was scored", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACompanionIsJoinedWithItsWholeBudgetWhenItsLastEpochBeatsTheMapsAlone()
    {
        // ORL seed 7's folds (trainer README, "A conv companion"): a gain below the 2-point tolerance of Pick still joins.
        var (epochs, reason) = FoldEpochScores.PickAll([new(0, 0.939, 0.070), new(7, 0.950, 0.060), new(15, 0.948, 0.062)]);

        Assert.Equal(15, epochs);
        Assert.Contains("with the conv companion trained (the patch maps alone: 93.9", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.911, 0.161)]
    [InlineData(0.905, 0.150)]
    [InlineData(0.920, 0.159)]
    public void ACompanionThatDoesNotHelpOnHeldOutIdentitiesIsLeftOut(double accuracy, double eer)
    {
        // Yale seed 8's folds: the maps alone 91.3%, EER 15.9%; lower accuracy or no lower EER keeps them alone.
        var (epochs, reason) = FoldEpochScores.PickAll([new(0, 0.913, 0.159), new(5, 0.95, 0.10), new(15, accuracy, eer)]);

        Assert.Equal(0, epochs);
        Assert.Contains("with the patch maps alone", reason, StringComparison.Ordinal);
    }
}
