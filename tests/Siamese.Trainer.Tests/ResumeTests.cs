using System.Diagnostics;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>A run killed part-way and resumed from <c>checkpoints/last.json</c> ends where an uninterrupted run ends.</summary>
public sealed class ResumeTests : IDisposable
{
    private const int Seed = 11;
    private const int Epochs = 4;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "siamese-trainer-resume-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task AnInterruptedRunResumedFromItsCheckpointTrainsTheSameModelAsAnUninterruptedOne()
    {
        var interrupted = Path.Combine(_root, "interrupted");
        var (checkpoint, written) = await TrainUntilFirstCheckpointThenKillAsync(interrupted);
        var uninterrupted = new TrainingPipeline(TextWriter.Null).Run(Options(Path.Combine(_root, "uninterrupted")));
        using var log = new StringWriter();

        var resumed = new TrainingPipeline(log).Run(new TrainOptions(), checkpoint);

        // It did resume (a fresh run of the same seed would also match): the epochs before the kill are the killed run's own.
        Assert.Contains($"Resuming after epoch {written.Epoch} of {Epochs}", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(written.History, resumed.History.Take(written.Epoch));
        Assert.Equal(Epochs, resumed.EpochsRun);
        Assert.Equal(Losses(uninterrupted), Losses(resumed));
        Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
        Assert.Equal(uninterrupted.Threshold, resumed.Threshold);
        // The version ends with a hash of the weights file: the same weights, to the bit.
        Assert.Equal(uninterrupted.Model.Version, resumed.Model.Version);
        Assert.Equal(uninterrupted.OneShot.Accuracy, resumed.OneShot.Accuracy);
    }

    private static TrainOptions Options(string output) => TrainingDefaults.Quick(new TrainOptions
    {
        Synthetic = true,
        Quick = true,
        Tower = TowerKind.Conv,
        Output = output,
        Seed = Seed,
        Epochs = Epochs,
        SyntheticClasses = 18,
        SyntheticPerClass = 6,
        PairsPerEpoch = 256,
        Episodes = 200,
    });

    /// <summary>
    /// Runs the trainer's command line in a child process with the settings of <see cref="Options"/> and kills it as soon
    /// as its first checkpoint is written (so it dies in the middle of the next epoch, as a crashed run would).
    /// </summary>
    private static async Task<(string Path, CheckpointState State)> TrainUntilFirstCheckpointThenKillAsync(string output)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Siamese.Trainer.dll"), "train", "--synthetic", "--quick", "--tower", "conv", "--out", output,
            "--seed", $"{Seed}", "--epochs", $"{Epochs}", "--classes", "18", "--per-class", "6", "--pairs-per-epoch", "256", "--episodes", "200",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var state = Path.Combine(output, "checkpoints", CheckpointStore.StateFile);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(state) && !process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(20);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.True(File.Exists(state), $"The trainer wrote no checkpoint in {deadline.Elapsed.TotalSeconds:F0}s: {await stderr}{await stdout}");
        var written = CheckpointStore.Load(state).State;
        Assert.False(written.Finished, "The trainer finished before it could be interrupted; the test needs more epochs.");
        Assert.InRange(written.Epoch, 1, Epochs - 1);
        return (state, written);
    }

    private static (int Epoch, double TrainLoss, double? ValidationLoss)[] Losses(RunReport report) =>
        [.. report.History.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss))];
}
