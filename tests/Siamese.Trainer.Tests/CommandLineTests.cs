using Siamese.Trainer.Cli;

namespace Siamese.Trainer.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void TrainWithoutDataOrSyntheticFailsWithoutTraining()
    {
        Assert.NotEqual(0, TrainerCli.Run(["train", "--out", Path.Combine(Path.GetTempPath(), "never-written")]));
    }

    [Fact]
    public void AUsageErrorExits2WithItsMessageAndWhereTheVerbsHelpIs()
    {
        var (exitCode, error) = CliCapture.Run("train", "--synthetic", "--epochs", "many", "--out", Path.Combine(Path.GetTempPath(), "never-written"));

        // As the verbs' own refusals (exit 2), and not the message lost above the verb's whole help text.
        Assert.Equal(2, exitCode);
        Assert.Contains("Cannot parse argument 'many' for option '--epochs'", error, StringComparison.Ordinal);
        Assert.Contains("Its options: 'train --help'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingDataFolderIsReportedAsAnError()
    {
        Assert.Equal(2, TrainerCli.Run(["train", "--data", "/nonexistent/folder", "--out", Path.Combine(Path.GetTempPath(), "never-written")]));
    }

    [Fact]
    public void AnUnknownPoolingIsRefusedBeforeAnyTraining()
    {
        var output = Path.Combine(Path.GetTempPath(), "never-written-" + Guid.NewGuid().ToString("N")[..8]);
        var (exitCode, error) = CliCapture.Run("train", "--synthetic", "--tower", "backbone", "--pooling", "max", "--out", output);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--pooling", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("56x46", 56, 46)]
    [InlineData("112X92", 112, 92)]
    public void InputSizeIsHeightByWidth(string text, int height, int width)
    {
        Assert.True(InputSize.TryParse(text, out var size));
        Assert.Equal(new InputSize(height, width), size);
    }

    [Theory]
    [InlineData("56")]
    [InlineData("0x46")]
    [InlineData("axb")]
    public void AMalformedInputSizeIsRejected(string text) => Assert.False(InputSize.TryParse(text, out _));

    [Fact]
    public void TrainRefusesAFileAsItsOutputFolder()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var file = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(file, "{}");

        var (exitCode, error) = CliCapture.Run("train", "--synthetic", "--quick", "--out", file);

        // Before: "The file '…' already exists." from the folder's creation.
        Assert.Equal(2, exitCode);
        Assert.Contains($"error: --out '{file}' is a file: name the folder the run writes to.", error, StringComparison.Ordinal);
        Assert.Equal("{}", File.ReadAllText(file));
    }
}
