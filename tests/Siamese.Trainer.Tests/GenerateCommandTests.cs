namespace Siamese.Trainer.Tests;

/// <summary><c>generate</c>'s options are checked in their own words before any folder is made (before: an ArgumentOutOfRange message, or SkiaSharp's crash for a huge side).</summary>
public sealed class GenerateCommandTests
{
    [Theory]
    [InlineData("--classes", "0", "--classes must be between 1 and 100,000 (got 0).")]
    [InlineData("--per-class", "-3", "--per-class must be between 1 and 10,000 (got -3).")]
    [InlineData("--width", "100000", "--width must be between 16 and 4,096 (got 100,000).")]
    [InlineData("--height", "8", "--height must be between 16 and 4,096 (got 8).")]
    public void AnOptionOutOfItsRangeIsOneLineAndExit2AndWritesNothing(string option, string value, string message)
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var output = Path.Combine(folder.Path, "data");

        var (exitCode, error) = CliCapture.Run(["generate", "--out", output, option, value]);

        Assert.Equal(2, exitCode);
        Assert.Contains("error: " + message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AnOutputThatIsAFileIsRefused()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var file = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(file, "{}");

        var (exitCode, error) = CliCapture.Run(["generate", "--out", file, "--classes", "2", "--per-class", "2"]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: --out '{file}' is a file: name the folder to write the dataset to.", error, StringComparison.Ordinal);
        Assert.Equal("{}", File.ReadAllText(file));
    }

    [Fact]
    public void AnOutputFolderThatIsNotEmptyIsRefusedAndKeptAsItWas()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var output = Path.Combine(folder.Path, "data");
        Assert.Equal(0, CliCapture.Run(["generate", "--out", output, "--classes", "3", "--per-class", "2"]).ExitCode);

        // A smaller dataset into the same folder left the larger one's third class and second images beside it.
        var (exitCode, error) = CliCapture.Run(["generate", "--out", output, "--classes", "2", "--per-class", "1"]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: --out '{output}' is not empty (it holds 'item-001'): generate writes a whole dataset", error, StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(output, "*.png", SearchOption.AllDirectories).Length);
        Assert.Equal(0, CliCapture.Run(["generate", "--out", Path.Combine(folder.Path, "empty"), "--classes", "2", "--per-class", "1"]).ExitCode);
    }

    [Theory]
    [InlineData("train", "the run writes to")]
    [InlineData("generate", "to write the dataset to")]
    [InlineData("suite", "for every run's model and reports")]
    public void AnOutputFolderThatIsEmptyOrCannotBeWrittenIsRefusedBeforeAnyWork(string verb, string purpose)
    {
        string[] args = verb switch
        {
            "train" => ["train", "--synthetic", "--quick"],
            "generate" => ["generate", "--classes", "2", "--per-class", "1"],
            _ => ["suite", "--quick", "--only", "synthetic"],
        };

        // Before: "The value cannot be an empty string. (Parameter 'path')" and "Could not find file '/proc/out'", the
        // latter for train only after its data was read.
        var (emptyExit, emptyError) = CliCapture.Run([.. args, "--out", ""]);
        var (procExit, procError) = CliCapture.Run([.. args, "--out", "/proc/out"]);

        Assert.Equal((2, 2), (emptyExit, procExit));
        Assert.Contains($"error: --out is empty: name the folder {purpose}.", emptyError, StringComparison.Ordinal);
        Assert.Contains("error: --out '/proc/out' cannot be written: '/proc' takes no new file (", procError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluate", "--out", "JSON", "eval.json")]
    [InlineData("train", "--results", "JSON", "trainer-run.json")]
    [InlineData("suite", "--results", "JSON", "trainer-suite.json")]
    public void AResultsFileThatIsAFolderIsRefusedBeforeAnyWork(string verb, string option, string kind, string example)
    {
        using var folder = new Siamese.Testing.TempDirectory();
        string[] args = verb switch
        {
            "evaluate" => ["evaluate", "--model", Path.Combine(folder.Path, "model.onnx"), "--data", folder.Path],
            "train" => ["train", "--synthetic", "--quick", "--out", Path.Combine(folder.Path, "run")],
            _ => ["suite", "--quick", "--only", "synthetic", "--out", Path.Combine(folder.Path, "runs")],
        };

        // Before: the verb ran (a whole training, a whole suite) and then failed with the system's "Is a directory".
        var (exitCode, error) = CliCapture.Run([.. args, option, folder.Path]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: {option} '{folder.Path}' is a folder: name the {kind} file to write, e.g. {Path.Combine(folder.Path, example)}.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "run")) || Directory.Exists(Path.Combine(folder.Path, "runs")));
    }
}
