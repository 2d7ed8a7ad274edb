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
}
