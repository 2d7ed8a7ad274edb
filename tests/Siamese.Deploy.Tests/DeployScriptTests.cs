using System.Diagnostics;

namespace Siamese.Deploy.Tests;

/// <summary>
/// The deployment scripts an operator runs by hand: <c>--help</c> explains and does nothing else, and a bad argument is
/// one line and exit code 2 with nothing written.
/// </summary>
public sealed class DeployScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siamese-deploy-scripts-").FullName;

    [Theory]
    [InlineData("keys.sh", "# Makes the deployment's two keys as files")]
    [InlineData("models.sh", "# Lays out the models folder every service reads")]
    [InlineData("publish.sh", "# Publishes one service for an image")]
    public void Help_explains_and_exits_0(string script, string firstLine)
    {
        // Before: keys.sh --help ran "mkdir -p --help"; models.sh --help exited 2; publish.sh took --help for a service.
        var (exit, output) = Run(script, "--help");

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.StartsWith(firstLine, output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Keys_refuses_an_option_a_second_folder_and_a_file_without_writing_a_key()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "not a folder");

        Assert.Equal((2, "unknown option '--bogus': deploy/keys.sh [dir] (--help)"), Run("keys.sh", "--bogus"));
        Assert.Equal((2, "deploy/keys.sh takes one folder, got 2: deploy/keys.sh [dir]"), Run("keys.sh", Path.Combine(_dir, "a"), Path.Combine(_dir, "b")));
        Assert.Equal((2, $"{file} is a file: name a folder (it is made if it does not exist)"), Run("keys.sh", file));
        Assert.Equal([file], Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Publish_without_a_service_says_which_there_are()
    {
        // Before: bash's own "deploy/publish.sh: line 7: 1: usage: …" and exit code 1.
        Assert.Equal(
            (2, "usage: deploy/publish.sh SERVICE [cpu|gpu] [OUT] (SERVICE: ingest, detect, embed, match or standalone)"),
            Run("publish.sh"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int ExitCode, string Output) Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo("bash", [RepoFiles.File("deploy", script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
