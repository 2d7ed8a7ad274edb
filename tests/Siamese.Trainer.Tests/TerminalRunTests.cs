using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>The trainer as a user runs it in a terminal (stderr a TTY, so the progress bar draws in place).</summary>
public sealed class TerminalRunTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-terminal-run-" + Guid.NewGuid().ToString("N")[..8]);

    [TerminalFact]
    public void AQuickTrainInATerminalDrawsProgressAndExitsWithZero()
    {
        var trainer = typeof(TrainingPipeline).Assembly.Location;

        var (exitCode, output) = PseudoTerminal.Run(
            $"dotnet '{trainer}' train --synthetic --quick --seed 7 --out '{directory}'",
            TimeSpan.FromMinutes(10));

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        Assert.Contains("\r[", output, StringComparison.Ordinal);
        Assert.Contains("epoch 1/", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "model.onnx")), output);

        // The generated items' backbone features stay with the run that generated them (no other run reads them).
        Assert.Contains("backbone", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(directory, "feature-cache"), "features-*.bin"));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
