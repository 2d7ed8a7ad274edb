using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Tests;

public sealed class RocTests
{
    [Fact]
    public void PerfectlySeparatedDistancesGiveAucOneAndNoErrors()
    {
        float[] genuine = [0.1f, 0.2f, 0.3f], impostor = [0.6f, 0.7f, 0.8f, 0.9f];

        Assert.Equal(1.0, Roc.Auc(genuine, impostor), 9);
        Assert.Equal(0.0, Roc.Eer(genuine, impostor), 9);
        Assert.Equal(1.0, Roc.TarAtFar(genuine, impostor, 1e-3), 9);
    }

    [Fact]
    public void AucCountsWinsOverAllGenuineImpostorPairsWithTiesAsHalf()
    {
        // Genuine 0.1 beats 2 impostors; 0.3 ties with one (½) and beats one: (2 + 1.5) / 4.
        Assert.Equal(0.875, Roc.Auc([0.1f, 0.3f], [0.3f, 0.5f]), 9);
    }

    [Fact]
    public void EerIsWhereFalseAcceptAndFalseRejectRatesMeet()
    {
        // At threshold 0.25: 1 of 3 impostors accepted, 1 of 3 genuine rejected.
        Assert.Equal(1.0 / 3, Roc.Eer([0.1f, 0.2f, 0.3f], [0.25f, 0.4f, 0.5f]), 9);
    }

    [Fact]
    public void EerInterpolatesBetweenCurvePoints()
    {
        // From threshold 0.1 (FAR 0, FRR ½) to 0.2 (FAR 1, FRR ½) the rates meet halfway, at ½.
        Assert.Equal(0.5, Roc.Eer([0.1f, 0.3f], [0.2f]), 9);
    }

    [Fact]
    public void CalibratedThresholdAcceptsAtMostTheTargetShareOfImpostors()
    {
        var impostor = Enumerable.Range(1, 1000).Select(i => i / 1000f).ToArray();

        var threshold = Roc.ThresholdAtFar(impostor, 1e-2);

        Assert.Equal(10, impostor.Count(d => d <= threshold));
        Assert.True(threshold < 0.011f);
        Assert.True(Roc.ThresholdAtFar(impostor, 0) < 0.001f);
    }

    [Fact]
    public void TarAtFarIsTheShareOfGenuinePairsWithinTheCalibratedThreshold()
    {
        var impostor = Enumerable.Range(1, 100).Select(i => i / 100f).ToArray();
        float[] genuine = [0.005f, 0.015f, 0.5f, 0.9f];

        // FAR 1e-2 allows one impostor (0.01): threshold just below 0.02 → genuine 0.005 and 0.015 accepted.
        Assert.Equal(0.5, Roc.TarAtFar(genuine, impostor, 1e-2), 9);
    }

    [Fact]
    public void VerificationAccuracyAtAThresholdIsBalancedOverGenuineAndImpostorPairs()
    {
        var result = VerificationResult.Compute([0.1f, 0.2f, 0.6f, 0.7f], [0.5f, 0.8f], threshold: 0.55f);

        Assert.Equal(0.5, result.TarAtThreshold, 9);
        Assert.Equal(0.5, result.FarAtThreshold, 9);
        Assert.Equal(0.5, result.AccuracyAtThreshold, 9);
    }
}
