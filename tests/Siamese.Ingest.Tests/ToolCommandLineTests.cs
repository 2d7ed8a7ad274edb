using Siamese.Model;

namespace Siamese.Ingest.Tests;

/// <summary>
/// The command lines of the load generator, the reliability suite and the screenshot tour, run as an operator runs them. LoadGen: a usage
/// error is one line and exit 2 (before, every <c>--url</c> was refused, System.CommandLine having no parser for Uri), an
/// ingest it cannot reach is one line and exit 3 (before, an unhandled HttpRequestException). Reliability: a value that
/// is not a number above 0 is refused naming its option before anything starts (before, <c>--rate 0</c> ran the suite
/// for a minute and crashed on a NaN wait).
/// </summary>
public sealed class ToolCommandLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("--url", "nope", "--url must be an absolute http:// or https:// address, got 'nope'.")]
    [InlineData("--frames", "0", "--frames must be at least 1, got 0.")]
    [InlineData("--concurrency", "0", "--concurrency must be at least 1, got 0.")]
    [InlineData("--rate", "-1", "--rate must be 0 or more, got -1.")]
    [InlineData("--rate", "fast", "Cannot parse argument 'fast' for option '--rate'")] // before: an unhandled exception
    [InlineData("--frames", "many", "Cannot parse argument 'many' for option '--frames'")]
    public async Task A_usage_error_is_one_line_and_exit_code_2(string option, string value, string message)
    {
        var (exit, output) = await RunAsync("Siamese.LoadGen", option, value);

        Assert.True(exit == 2, $"exit code {exit}:\n{output}");
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_faces_folder_that_is_missing_or_holds_no_faces_is_one_line_and_exit_code_2()
    {
        var missing = Path.Combine(_dir.Path, "no-such-folder");
        var empty = Directory.CreateDirectory(Path.Combine(_dir.Path, "empty")).FullName;

        // Before: an unhandled DirectoryNotFoundException or InvalidDataException with its stack trace (exit 1).
        var (missingExit, missingOutput) = await RunAsync("Siamese.LoadGen", "--url", "http://127.0.0.1:1", "--frames", "2", "--orl", missing);
        var (emptyExit, emptyOutput) = await RunAsync("Siamese.LoadGen", "--url", "http://127.0.0.1:1", "--frames", "2", "--orl", empty);

        Assert.True((missingExit, emptyExit) == (2, 2), $"exit codes {missingExit}, {emptyExit}:\n{missingOutput}\n{emptyOutput}");
        Assert.Equal($"--orl '{missing}' is not a folder: pass the ORL faces folder (one sub-folder per person, s1 … s40).", missingOutput.Trim());
        Assert.Equal($"Dataset folder '{empty}' has no images in class sub-folders ({empty}/<class>/<image>).", emptyOutput.Trim());
    }

    [Fact]
    public async Task An_ingest_that_cannot_be_reached_is_one_line_and_exit_code_3()
    {
        var faces = Path.Combine(_dir.Path, "faces");
        SyntheticDataset.Generate(faces, classes: 2, perClass: 2, seed: 3);

        var (exit, output) = await RunAsync("Siamese.LoadGen", "--url", "http://127.0.0.1:1", "--frames", "2", "--orl", faces);

        Assert.True(exit == 3, $"exit code {exit}:\n{output}");
        Assert.Contains("Stopped: ingest at http://127.0.0.1:1/ could not be used:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rate", "0", "--rate needs a number above 0, got '0'.")]
    [InlineData("--frames", "abc", "--frames needs a whole number above 0, got 'abc'.")]
    [InlineData("--rounds", "-1", "--rounds needs a whole number above 0, got '-1'.")]
    [InlineData("--work", "/proc/reliability", "--work '/proc/reliability' cannot be written: '/proc' takes no new file (the system refused to create a file there).")]
    public async Task The_reliability_suite_refuses_a_bad_number_naming_its_option_before_it_starts(string option, string value, string message)
    {
        var (exit, output) = await RunAsync("Siamese.Reliability", option, value);

        Assert.True(exit == 2, $"exit code {exit}:\n{output}");
        Assert.Equal(message, output.Trim());
    }

    [Fact]
    public async Task The_reliability_suites_help_lists_its_options_and_exits_0()
    {
        var (exit, output) = await RunAsync("Siamese.Reliability", "--help");

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("--sections unauthenticated,bad-inputs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_screenshot_tours_help_exits_0_and_an_option_without_its_value_is_named()
    {
        var (helpExit, help) = await RunAsync("Siamese.Screenshots", "--help");
        var (exit, output) = await RunAsync("Siamese.Screenshots", "--out");

        Assert.True(helpExit == 0, $"exit code {helpExit}:\n{help}");
        Assert.StartsWith("Usage: screenshots [--out <folder>]", help, StringComparison.Ordinal);
        Assert.True(exit == 2, $"exit code {exit}:\n{output}");
        Assert.StartsWith("--out needs a value.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_screenshot_tour_refuses_a_folder_it_cannot_make_before_it_starts_a_browser()
    {
        var model = Path.Combine(_dir.Path, "model.onnx");
        await File.WriteAllTextAsync(model, "never loaded: the folder is refused first");

        // Before: an unhandled exception with its stack trace once the page had been toured (/proc takes no new file, even for root).
        var (exit, output) = await RunAsync("Siamese.Screenshots", "--out", "/proc/screenshots", "--model", model);

        Assert.True(exit == 2, $"exit code {exit}:\n{output}");
        Assert.Equal("--out '/proc/screenshots' cannot be written: '/proc' takes no new file (the system refused to create a file there).", output.Trim());
    }

    [Theory]
    [InlineData(new[] { "index", "--sizes", "abc" }, 2, "index: --sizes needs a whole number of at least 1, got 'abc'.")]
    [InlineData(new[] { "index", "--sizes", "0" }, 2, "index: --sizes needs a whole number of at least 1, got '0'.")]
    [InlineData(new[] { "index", "--configs", "5x" }, 2, "index: --configs: '5x' is not <vectors>x<dimension> (e.g. 100000x128).")]
    [InlineData(new[] { "index", "--sise", "10" }, 2, "Unknown index option '--sise'. Options: --dimensions, --sizes, --configs, --queries, --ef, --merge, --results.")]
    [InlineData(new[] { "detect", "--frames" }, 2, "--frames needs a value.")]
    [InlineData(new[] { "embed", "--seconds", "-1" }, 2, "embed: --seconds needs a whole number of at least 1, got '-1'.")]
    [InlineData(new[] { "embed-gpu", "--providers", "Gpu" }, 2, "embed-gpu: --providers: 'Gpu' is not one of Cpu, Cuda, TensorRT.")]
    [InlineData(new[] { "serving-orl", "--model", "/nonexistent/model.onnx" }, 2, "serving-orl: Model '/nonexistent/model.onnx' not found: pass --model <model.onnx> exported by the trainer.")]
    [InlineData(new[] { "detect", "--results" }, 2, "--results needs a value: the results file to write.")]
    [InlineData(new[] { "frame-check", "--results", "/proc/frame-check.json" }, 2, "--results '/proc/frame-check.json' cannot be written: '/proc' takes no new file (the system refused to create a file there).")]
    [InlineData(new[] { "frame-check", "--results", "/tmp/" }, 2, "--results '/tmp/' is a folder: name the JSON file to write, e.g. /tmp/results.json.")]
    public async Task A_benchmark_refuses_a_bad_option_in_one_line_before_it_measures_or_writes(string[] args, int code, string message)
    {
        // Before: every one of these ended in an unhandled exception (exit 134), and a misspelt option was ignored: the
        // run measured the defaults and replaced the recorded results file.
        var results = Path.Combine(_dir.Path, "results.json");
        var (exit, output) = await CommandProcess.RunAsync(Repo.BenchmarksDll(), args[^1] == "--results" ? args : [.. args, "--results", results], TimeSpan.FromMinutes(1));

        Assert.True(exit == code, $"exit code {exit}:\n{output}");
        Assert.Equal(message, output.Trim());
        Assert.False(File.Exists(results));
    }

    public void Dispose() => _dir.Dispose();

    private static Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args) =>
        CommandProcess.RunAsync(Repo.ToolDll(tool), args, TimeSpan.FromMinutes(1));
}
