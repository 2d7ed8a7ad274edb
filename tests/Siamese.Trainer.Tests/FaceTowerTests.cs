using Siamese.Trainer.Cli;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

public sealed class FaceTowerTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-face-run-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void AFaceAndItsMirrorImageGetTheSameEmbedding()
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Face, mirror: true);
        using var images = randn(3, 1, TowerTestData.Height, TowerTestData.Width);

        using var _ = no_grad();
        var difference = (tower.call(images) - tower.call(images.flip(3))).abs().max().item<float>();

        Assert.True(difference < 1e-5f, $"embeddings of mirror images differ by {difference}");
    }

    [Fact]
    public void TheFaceTowerIsTrainedWithGradientStepsFromItsClosedFormStart()
    {
        using var tower = new FaceTower(new TowerOptions(TowerKind.Face, TowerTestData.Height, TowerTestData.Width));

        Assert.All(tower.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(720, tower.EmbeddingDimension);
    }

    [Fact]
    public void AFaceRunCrossValidatesItsThresholdAndEpochsTrainsEveryNonTestIdentityAndExportsAnExactModel()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 7, Quick = true, Tower = TowerKind.Face, ConvShare = 0 });
        var log = new StringWriter();

        var report = new TrainingPipeline(log).Run(options);

        Assert.Equal("face", report.Model.Tower);
        Assert.Equal(0, report.Identities.Validation);
        Assert.Equal(24 - 8, report.Identities.Train);
        // The folds choose how many of the quick run's epochs to keep (0: the closed-form start) and say why.
        Assert.InRange(report.EpochsRun, 0, FaceTrainingSettings.QuickEpochs);
        Assert.Contains($"Epochs: {report.EpochsRun} of {FaceTrainingSettings.QuickEpochs}: held-out one-shot", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(PairScheme.Batch, report.Config.Pairs);
        Assert.Equal(new FaceTrainingSettings().PositiveMargin, report.Config.PositiveMargin);
        Assert.InRange(report.Threshold, 0.01f, 2f);
        Assert.NotNull(report.Calibration);
        Assert.Contains("cross-validated", report.Calibration.Source, StringComparison.Ordinal);
        Assert.Equal(report.Identities.Train, report.Calibration.Identities);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"ONNX differs from TorchSharp by {report.OnnxMaxAbsDifference}");
        Assert.Contains("Cross-validated over the training identities", log.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "checkpoints", "fold1")), "the threshold folds' checkpoints are left behind");

        // Resuming the finished run keeps its threshold; exporting its checkpoint gives the same model.
        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), Path.Combine(directory, "checkpoints", "last.json"));
        Assert.Equal(report.Threshold, resumed.Threshold);
        Assert.Equal(report.Model.Version, resumed.Model.Version);
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", Path.Combine(directory, "checkpoints"), "--out", Path.Combine(directory, "exported.onnx")]));
    }

    [Fact]
    public void TheThresholdFoldsTrainSideBySideAndGiveTheSameFiguresEveryRun()
    {
        string Run(string name, out Reporting.RunReport report)
        {
            var log = new StringWriter();
            var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = Path.Combine(directory, name), Seed = 5, Quick = true, Tower = TowerKind.Face, Epochs = 3, TrainSideBySide = true });
            report = new TrainingPipeline(log).Run(options);
            return log.ToString();
        }

        var first = Run("first", out var firstReport);
        var second = Run("second", out var secondReport);

        Assert.Contains($"The {FaceTraining.Folds} folds train side by side", first, StringComparison.Ordinal);
        Assert.Contains($"Threshold fold {FaceTraining.Folds}/{FaceTraining.Folds}: trained in", first, StringComparison.Ordinal);
        // Each fold draws its noise from a generator of its own and the folds are pooled in fold order: the same
        // held-out table, threshold and model every run, whichever fold finishes first.
        static string Table(string log) => string.Join('\n', log.Split('\n').Where(l => l.StartsWith("  epoch", StringComparison.Ordinal)));
        Assert.NotEmpty(Table(first));
        Assert.Equal(Table(first), Table(second));
        Assert.Equal(firstReport.Threshold, secondReport.Threshold);
        Assert.Equal(firstReport.OneShot.Accuracy, secondReport.OneShot.Accuracy);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
