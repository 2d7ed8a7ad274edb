using System.Diagnostics;

namespace Siamese.Standalone;

/// <summary>Runs the trainer as a child process (services never load TorchSharp themselves).</summary>
public static class TrainerProcess
{
    /// <summary>Trains on <paramref name="data"/> into <paramref name="output"/>; returns the model path.</summary>
    public static async Task<string> TrainAsync(string repoRoot, string data, string output, bool quick, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repoRoot };
        foreach (var a in new[] { "run", "--project", Path.Combine("trainer", "Siamese.Trainer"), "-c", "Release", "--", "train", "--data", data, "--out", output })
        {
            info.ArgumentList.Add(a);
        }

        if (quick)
        {
            info.ArgumentList.Add("--quick");
        }

        Console.WriteLine($"training: dotnet {string.Join(' ', info.ArgumentList)}");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start 'dotnet'.");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var model = Path.Combine(output, "model.onnx");
        return process.ExitCode == 0 && File.Exists(model)
            ? model
            : throw new DemoFailedException($"The trainer failed (exit code {process.ExitCode}); see its output above.");
    }

    /// <summary>The repository root (holding Siamese.sln) above the working directory, or null.</summary>
    public static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Siamese.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
