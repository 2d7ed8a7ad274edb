using System.Diagnostics;

namespace Siamese.Trainer.Tests;

/// <summary>
/// Runs a command with stdin, stdout and stderr on a pseudo-terminal, as a user's shell would: util-linux
/// <c>script -qec "cmd" /dev/null</c>. Output redirected to a file hides terminal-only paths (the progress bar
/// crashed only on a terminal), so the trainer's own command line is tried this way.
/// </summary>
public static class PseudoTerminal
{
    /// <summary>The path of <c>script</c>, or null when it is not installed.</summary>
    public static string? Script { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "script"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="command"/> (a shell command line) on a terminal; returns its exit code and everything it drew.</summary>
    public static (int ExitCode, string Output) Run(string command, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Script ?? throw new InvalidOperationException("'script' is not installed."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in new[] { "-qec", command, "/dev/null" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command}' did not finish within {timeout}: {stdout.Result}{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
