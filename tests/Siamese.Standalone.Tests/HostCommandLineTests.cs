namespace Siamese.Standalone.Tests;

/// <summary>
/// The command line of every host, run as an operator runs it (<c>dotnet X.dll …</c>): <c>--help</c> prints the options
/// and starts nothing, a misspelt option is refused by name, and a host started from another folder still reads the
/// appsettings.json beside its binary.
/// </summary>
public sealed class HostCommandLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string, string> Hosts => new()
    {
        { "ingest", "Siamese.Ingest.Host" },
        { "detect", "Siamese.Detect.Host" },
        { "embed", "Siamese.Embed.Host" },
        { "match", "Siamese.Match.Host" },
        { "standalone", "Siamese.Standalone" },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Help_lists_the_options_and_starts_nothing(string folder, string project)
    {
        // Before: the four service hosts took --help as a setting and started (ingest listened on port 5000); serve
        // refused it as an unknown option.
        var (exit, output) = await RunAsync(folder, project, "--help");

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("Usage: ", output, StringComparison.Ordinal);
        Assert.Contains("--Section:Key <value>", output, StringComparison.Ordinal);
        Assert.Contains("--admin-key-file <file>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_misspelt_option_is_refused_by_name_with_exit_2(string folder, string project)
    {
        // Before (service hosts): "--modle x.onnx" became a setting nobody reads, and the host started on the model of
        // appsettings.json.
        var (exit, output) = await RunAsync(folder, project, "--modle", "x.onnx");

        Assert.True(exit == 2, $"exit code {exit}:\n{output}");
        Assert.Contains("option '--modle'. Options: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_help_and_bad_counts_and_an_out_that_is_a_file_are_one_line_each()
    {
        var file = Path.Combine(_dir.Path, "out.txt");
        await File.WriteAllTextAsync(file, "a file, not a folder");

        var (helpExit, help) = await RunAsync("standalone", "Siamese.Standalone", "demo", "--help");
        var (wordExit, word) = await RunAsync("standalone", "Siamese.Standalone", "demo", "--classes", "abc");
        var (hugeExit, huge) = await RunAsync("standalone", "Siamese.Standalone", "demo", "--per-class", "99999999999");
        var (fileExit, fileOutput) = await RunAsync("standalone", "Siamese.Standalone", "demo", "--out", file);

        Assert.True(helpExit == 0, $"exit code {helpExit}:\n{help}");
        Assert.Contains("Usage: demo [options]", help, StringComparison.Ordinal);
        // Before: "The input string 'abc' was not in a correct format." with no option named, and an unhandled
        // OverflowException for a number past int's range; an --out that is a file failed with a trace once generating.
        Assert.Equal((2, "--classes needs a whole number, got 'abc'."), (wordExit, word.Trim()));
        Assert.Equal((2, "--per-class needs a whole number, got '99999999999'."), (hugeExit, huge.Trim()));
        Assert.Equal((2, $"--out '{file}' is a file: name a folder (it is made if it does not exist)."), (fileExit, fileOutput.Trim()));
        Assert.Equal("a file, not a folder", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_service_host_started_from_another_folder_reads_the_appsettings_beside_its_binary()
    {
        // The embed host's appsettings.json names model.onnx; started from _dir (which has none), the host must say
        // that file is missing. Before: the content root was the current folder, appsettings.json was not found, and
        // the host said Models:Embedding was not set (and would have run on an in-memory bus and port 5000).
        var (exit, output) = await CommandProcess.RunAsync(Repo.HostDll("embed", "Siamese.Embed.Host"), [], TimeSpan.FromMinutes(2), _dir.Path);

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains($"Siamese.Embed.Host could not start: Models:Embedding '{Path.Combine(_dir.Path, "model.onnx")}' does not exist", output, StringComparison.Ordinal);
        // The validation failure is the one line, not also the host's "Hosting failed to start" with a stack trace.
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static Task<(int ExitCode, string Output)> RunAsync(string folder, string project, params string[] args) =>
        CommandProcess.RunAsync(Repo.HostDll(folder, project), args, TimeSpan.FromMinutes(2));
}
