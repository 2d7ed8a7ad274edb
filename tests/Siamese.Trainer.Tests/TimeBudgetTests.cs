using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class TimeBudgetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-budget-").FullName;

    [Fact]
    public void ARunWhoseNextEpochWouldPassTheBudgetStopsAfterItsFirstAndStillExports()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 7, Quick = true, Tower = TowerKind.Conv, MaxTrainMinutes = 1e-6 });

        var report = new TrainingPipeline(TextWriter.Null).Run(options);

        Assert.Single(report.History);
        Assert.True(File.Exists(Path.Combine(directory, "model.onnx")));
    }

    [Fact]
    public void ANonPositiveBudgetIsRefusedByName() =>
        Refusals.CommandLineRefuses(directory, "--synthetic", "--max-minutes", "0");

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
