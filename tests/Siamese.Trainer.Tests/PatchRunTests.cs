using Microsoft.ML.OnnxRuntime;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using ModelMetadata = Siamese.Model.ModelMetadata;

namespace Siamese.Trainer.Tests;

/// <summary>A whole run with the patch tower: closed-form fit, cross-validated threshold, export, resume, export again.</summary>
public sealed class PatchRunTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-patch-run-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void APatchRunUsesEveryNonTestIdentityCrossValidatesItsThresholdAndExportsAnExactModel()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 7, Quick = true, Tower = TowerKind.Patch });

        var report = new TrainingPipeline(TextWriter.Null).Run(options);

        Assert.Equal("patch", report.Model.Tower);
        Assert.Equal(0, report.Identities.Validation);
        Assert.Equal(24 - 8, report.Identities.Train);
        Assert.Equal(1, report.EpochsRun);
        Assert.InRange(report.Threshold, 0.01f, 2f);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"ONNX differs from TorchSharp by {report.OnnxMaxAbsDifference}");
        var history = Assert.Single(report.History);
        Assert.NotNull(history.ValidationEer);

        // Resuming the finished run refits to the same weights; exporting its checkpoint gives the same model.
        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), Path.Combine(directory, "checkpoints", "last.json"));
        Assert.Equal(report.Model.Version, resumed.Model.Version);
        Assert.Equal(report.Threshold, resumed.Threshold);
        var exported = Path.Combine(directory, "exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", Path.Combine(directory, "checkpoints"), "--out", exported]));
        using var session = new InferenceSession(exported);
        var metadata = ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap);
        Assert.Equal(report.Model.Version, metadata.Version);
        Assert.Equal(report.Threshold, metadata.Threshold);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
