using System.Diagnostics;

namespace Siamese.Testing;

/// <summary>A built command line (<c>dotnet X.dll args</c>) run to its end as a user runs it, with what it wrote.</summary>
public static class CommandProcess
{
    /// <summary>Runs <paramref name="dll"/>; its standard output, then its standard error. Killed, and a <see cref="TimeoutException"/>, past <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dll, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(dll);
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} did not exit within {timeout}: {await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
