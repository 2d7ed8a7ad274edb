namespace Siamese.Trainer.Tests;

/// <summary>Where <c>train</c> may write its run.</summary>
public sealed class TrainOutputTests
{
    [Fact]
    public void ARunInsideItsDataFolderIsRefusedBeforeAnythingIsWritten()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 3, seed: 3);
        var classes = Directory.GetDirectories(data).Length;

        // Before: the run's folder (its loss.png, roc.png and distances.png) was a class of the next training on the folder.
        var (inside, insideError) = CliCapture.Run(["train", "--data", data, "--quick", "--out", Path.Combine(data, "run")]);
        var (root, rootError) = CliCapture.Run(["train", "--data", data + Path.DirectorySeparatorChar, "--quick", "--out", data]);

        Assert.Equal((2, 2), (inside, root));
        Assert.Contains($"error: --out '{Path.Combine(data, "run")}' is inside --data '{data}': the run's files would join the data", insideError, StringComparison.Ordinal);
        Assert.Contains($"Write the run elsewhere, e.g. --out {Path.Combine(folder.Path, "data-run")}.", rootError, StringComparison.Ordinal);
        Assert.Equal(classes, Directory.GetDirectories(data).Length);
        Assert.Empty(Directory.GetFiles(data));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("NaN")]
    [InlineData("0.6")]
    public void ACalibrationTargetOutsideItsRangeIsRefusedBeforeTraining(string far)
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 3, seed: 3);
        var run = Path.Combine(folder.Path, "run");

        // Before: 0 trained the run towards a threshold that "needs at least Infinity" pairs; NaN failed after training.
        var (exit, error) = CliCapture.Run(["train", "--data", data, "--quick", "--out", run, "--calibrate-far", far]);

        Assert.Equal(2, exit);
        Assert.Contains($"--calibrate-far must be in (0, 0.5], for example 0.001 (got {far})", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }
}
