using Siamese.Trainer.Reporting;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>The loss plot names each curve's loss: validation is always scored with the contrastive loss.</summary>
public sealed class PlotLabelTests
{
    [Theory]
    [InlineData(LossKind.Contrastive, "Contrastive loss", "training pairs")]
    [InlineData(LossKind.SupCon, "Training loss (supervised contrastive), validation loss (contrastive)", "training (supervised contrastive)")]
    [InlineData(LossKind.MultiSimilarity, "Training loss (multi-similarity), validation loss (contrastive)", "training (multi-similarity)")]
    public void EachCurveIsNamedByItsLoss(LossKind loss, string title, string training)
    {
        // Before: every run's plot was "Contrastive loss", a supcon run's training curve beside the contrastive validation one.
        var labels = Plots.LossLabels(new TrainOptions { Loss = loss, Margin = 0.5 });

        Assert.Equal((title, training, "validation identities (contrastive, margin 0.5)"), labels);
    }
}
