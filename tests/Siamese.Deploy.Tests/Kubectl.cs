using System.Diagnostics;

namespace Siamese.Deploy.Tests;

/// <summary><c>kubectl kustomize</c> of a folder under deploy/k8s (kubectl from PATH; .ci/run installs it).</summary>
internal static class Kubectl
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The kubectl binary, or null when none is on PATH.</summary>
    public static string? Path => Found.Value;

    /// <summary>The rendered manifests of <paramref name="folder"/> (relative to deploy/k8s), or the error kubectl gave.</summary>
    public static string Kustomize(string folder)
    {
        var directory = System.IO.Path.Combine(Repo.Root, "deploy", "k8s", folder);
        var info = new ProcessStartInfo(Path ?? throw new InvalidOperationException("kubectl is not on PATH"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {folder} did not finish in two minutes");
        }

        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"kubectl kustomize {folder} failed ({process.ExitCode}): {stderr.Result}");
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
}
