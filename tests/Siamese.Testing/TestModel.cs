using System.Diagnostics;

namespace Siamese.Testing;

/// <summary>
/// The trained ONNX model service tests run against. <c>SIAMESE_TEST_MODEL</c> names it (CI trains one first);
/// otherwise <c>artifacts/test-model/model.onnx</c> is used, trained once on generated data by the trainer
/// when absent. Null when no model can be had (tests that need one skip).
/// </summary>
public static class TestModel
{
    public const string Variable = "SIAMESE_TEST_MODEL";

    private static readonly Lazy<string?> Model = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The model path, or null.</summary>
    public static string? Path => Model.Value;

    /// <summary>Why there is no model (for skip messages).</summary>
    public static string SkipReason { get; private set; } = "";

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            if (File.Exists(fromEnv))
            {
                return System.IO.Path.GetFullPath(fromEnv);
            }

            SkipReason = $"{Variable}='{fromEnv}' does not exist.";
            return null;
        }

        var root = Repo.TryRoot;
        if (root is null)
        {
            SkipReason = "repository root not found";
            return null;
        }

        var outDir = System.IO.Path.Combine(root, "artifacts", "test-model");
        var model = System.IO.Path.Combine(outDir, "model.onnx");
        if (File.Exists(model))
        {
            return model;
        }

        return Train(root, outDir, model);
    }

    private static string? Train(string root, string outDir, string model)
    {
        var trainer = System.IO.Path.Combine(root, "trainer", "Siamese.Trainer", "Siamese.Trainer.csproj");
        if (!File.Exists(trainer))
        {
            SkipReason = "no test model and no trainer to build one";
            return null;
        }

        // One build across test processes: the lock file keeps a second process from training at the same time.
        Directory.CreateDirectory(outDir);
        using var gate = AcquireLock(System.IO.Path.Combine(outDir, ".lock"));
        if (File.Exists(model))
        {
            return model;
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The conv tower (the generated items' default is the backbone): a 0.4 MB model that embeds thousands of images a
        // second keeps the service tests fast; the backbone's serving has tests of its own. Same command as .ci/run's.
        foreach (var a in new[] { "run", "--project", trainer, "-c", "Release", "--", "train", "--synthetic", "--tower", "conv", "--out", outDir, "--quick" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
        }

        if (File.Exists(model))
        {
            return model;
        }

        SkipReason = $"the trainer did not produce {model} (exit {(process.HasExited ? process.ExitCode : -1)}): {Tail(stderr.Result + stdout.Result)}";
        return null;
    }

    private static FileStream AcquireLock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 2400)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static string Tail(string text) => text.Length <= 800 ? text : text[^800..];
}
