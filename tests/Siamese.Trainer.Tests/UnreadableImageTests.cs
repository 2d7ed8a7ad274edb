using Siamese.Trainer.Cli;

namespace Siamese.Trainer.Tests;

/// <summary>
/// A file in the data folder that is not an image: every verb names it and exits 2. Images are decoded in parallel, so
/// the error used to surface wrapped in an AggregateException and crash the command with a stack trace.
/// </summary>
public sealed class UnreadableImageTests(QuickRunFixture run) : IClassFixture<QuickRunFixture>
{
    [Fact]
    public void TrainAndEvaluateNameTheFileAndExit2()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 4, seed: 3);
        var junk = Path.Combine(data, Path.GetFileName(Directory.GetDirectories(data).Order().First()), "junk.png");
        File.WriteAllText(junk, "not an image");
        var error = new StringWriter();
        var console = Console.Error;
        Console.SetError(error);
        int train, backbone, evaluate;
        try
        {
            // No --tower: the data's kind is probed first, and that probe reads images too.
            train = TrainerCli.Run(["train", "--data", data, "--quick", "--out", Path.Combine(folder.Path, "run")]);
            backbone = TrainerCli.Run(["train", "--data", data, "--tower", "backbone", "--feature-cache", "none", "--out", Path.Combine(folder.Path, "backbone")]);
            evaluate = TrainerCli.Run(["evaluate", "--model", Path.Combine(run.Directory, "model.onnx"), "--data", data, "--all-identities"]);
        }
        finally
        {
            Console.SetError(console);
        }

        Assert.Equal((2, 2, 2), (train, backbone, evaluate));
        var lines = error.ToString().Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Contains($"Cannot read '{junk}'", line, StringComparison.Ordinal));
    }

    [Fact]
    public void SeveralUnreadableImagesAreNamedInOneError()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 4, seed: 3);
        var classes = Directory.GetDirectories(data).Order(StringComparer.Ordinal).ToArray();
        var junk = new[] { Path.Combine(classes[0], "junk.png"), Path.Combine(classes[3], "notes.jpg") };
        File.WriteAllText(junk[0], "not an image");
        File.WriteAllBytes(junk[1], [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]);
        var error = new StringWriter();
        var console = Console.Error;
        Console.SetError(error);
        int exitCode;
        try
        {
            exitCode = TrainerCli.Run(["train", "--data", data, "--tower", "conv", "--quick", "--out", Path.Combine(folder.Path, "run")]);
        }
        finally
        {
            Console.SetError(console);
        }

        // One run tells every file to mend, not one file per run.
        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.ToString().Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: 2 of the 26 images in '{data}' cannot be read: '{junk[0]}': ", line, StringComparison.Ordinal);
        Assert.Contains($"; '{junk[1]}': ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "run")), "the refused run left its output folder");
    }
}
