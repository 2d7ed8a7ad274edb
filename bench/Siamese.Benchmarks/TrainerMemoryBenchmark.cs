using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Siamese.Benchmarks;

/// <summary>
/// The trainer's peak resident memory on the run that once needed the most: a backbone model trained on the grocery
/// shelf photos with the catalogue images (the suite's grocery entry at one seed), run as <c>train</c> in a process of
/// its own, twice on one new feature cache: first with every ResNet18 feature extracted, then with every feature read
/// back. The raw baseline beside each peak is what the run cannot do without: the bytes of the features it trains on
/// (the cache file the first run wrote), so the ratio says how many times the data the trainer holds at its peak.
/// </summary>
public sealed class TrainerMemoryBenchmark : IBenchmark
{
    private const int SampleMilliseconds = 200;
    private const double Gib = 1024.0 * 1024 * 1024;

    public string Name => "trainer-memory";

    public IReadOnlyList<string> Options => ["--data", "--seed", "--episodes"];

    public string Description => "peak resident memory of a grocery backbone `train` (features extracted, then cached) vs the features' own bytes [--data grocery_produce] [--seed 42] [--episodes 2000]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var (photos, iconic) = ServingArgs.GroceryProduce(args);

        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("The peak is read from /proc/<pid>/status: Linux only.");
        }

        var seed = ServingArgs.Int(args, "--seed", 42, min: 0);
        var episodes = ServingArgs.Int(args, "--episodes", 2000);
        var trainer = Path.Combine(AppContext.BaseDirectory, "Siamese.Trainer.dll");
        if (!File.Exists(trainer))
        {
            throw new InvalidOperationException($"{trainer} not found: build the benchmarks (they reference the trainer).");
        }

        var work = Directory.CreateTempSubdirectory("siamese-trainer-memory-").FullName;
        try
        {
            var cache = Path.Combine(work, "cache");
            string[] Train(string run) =>
            [
                "train", "--data", photos, "--gallery", iconic, "--out", Path.Combine(work, run), "--tower", "backbone",
                "--seed", seed.ToString(CultureInfo.InvariantCulture), "--ways", "10", "--episodes", episodes.ToString(CultureInfo.InvariantCulture),
                "--test-identities", "10", "--feature-cache", cache,
            ];

            // Read before the runs, so a configuration it cannot read costs no measurement.
            var collector = GarbageCollectorSettings(trainer);
            var fresh = await MeasureAsync("features extracted", trainer, Train("fresh"), cancellationToken);
            var featureBytes = Directory.Exists(cache) ? Directory.GetFiles(cache, "features-*.bin").Sum(f => new FileInfo(f).Length) : 0;
            if (featureBytes == 0)
            {
                throw new InvalidOperationException($"The first run wrote no feature cache in {cache}: nothing to compare its peak with.");
            }

            var cached = await MeasureAsync("features cached", trainer, Train("cached"), cancellationToken);
            var runs = new[] { fresh, cached }.Select(r => r with { PeakOverFeatureBytes = Math.Round(r.PeakResidentGib * Gib / featureBytes, 2) }).ToList();
            foreach (var run in runs)
            {
                Console.WriteLine($"{run.Run}: peak {run.PeakResidentGib:F2} GiB ({run.PeakOverFeatureBytes:F2}x the features' {featureBytes / Gib:F2} GiB), {run.WallSeconds:F0} s, one-shot {run.OneShot:P2}");
            }

            return new
            {
                Data = photos,
                Gallery = iconic,
                TrainArguments = string.Join(' ', Train("RUN").Select(a => a.StartsWith(work, StringComparison.Ordinal) ? "TEMP" + a[work.Length..] : a)),
                Peak = $"VmHWM of the train process (/proc/PID/status, the kernel's running peak), the last reading before it exits (read every {SampleMilliseconds} ms, so at most the last {SampleMilliseconds} ms go unseen); GiB = 1024^3 bytes",
                Baseline = "feature_bytes: the feature cache file the first run wrote (every ResNet18 feature the run trains and scores on, float32)",
                FeatureBytes = featureBytes,
                FeatureGib = Math.Round(featureBytes / Gib, 3),
                GarbageCollector = collector,
                Runs = runs,
            };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// What the train processes' garbage collector was told to do about memory, each as written: System.GC.ConserveMemory
    /// from the trainer's runtime configuration, and DOTNET_GCConserveMemory (or its older name COMPlus_GCConserveMemory)
    /// from this process's environment, which they inherit and which wins over the file.
    /// </summary>
    private static object GarbageCollectorSettings(string trainer)
    {
        JsonElement? configured = null;
        var file = Path.ChangeExtension(trainer, ".runtimeconfig.json");
        if (File.Exists(file))
        {
            // A hand-edited file may hold comments or trailing commas: read past them rather than lose the measurement.
            using var config = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (config.RootElement.TryGetProperty("runtimeOptions", out var options)
                && options.TryGetProperty("configProperties", out var properties)
                && properties.TryGetProperty("System.GC.ConserveMemory", out var value))
            {
                configured = value.Clone();
            }
        }

        return new
        {
            ConserveMemoryRuntimeConfig = configured,
            ConserveMemoryEnvironment = Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? Environment.GetEnvironmentVariable("COMPlus_GCConserveMemory"),
        };
    }

    private static async Task<MemoryRun> MeasureAsync(string name, string trainer, string[] arguments, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{name}: dotnet {Path.GetFileName(trainer)} {string.Join(' ', arguments)}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(trainer);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var log = new List<string>();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peakKib = 0;
        try
        {
            while (!process.HasExited)
            {
                // Null once the process is gone: its last reading stands.
                peakKib = Math.Max(peakKib, ProcessMemory.HighWaterKib($"/proc/{process.Id}/status") ?? 0);
                await Task.Delay(SampleMilliseconds, cancellationToken);
            }
        }
        finally
        {
            // Cancelled or failed here: the trainer does not go on without us.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            string[] tail;
            lock (log)
            {
                tail = [.. log.TakeLast(20)];
            }

            throw new InvalidOperationException($"train ({name}) exited with {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
        }

        var output = arguments[Array.IndexOf(arguments, "--out") + 1];
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var root = report.RootElement;
        var backbone = root.GetProperty("backbone");
        return new MemoryRun(
            name,
            backbone.GetProperty("computed").GetInt32(),
            backbone.GetProperty("cached").GetInt32(),
            Math.Round(peakKib * 1024 / Gib, 3),
            0,
            Math.Round(seconds, 1),
            root.GetProperty("train_seconds").GetDouble(),
            root.GetProperty("one_shot").GetProperty("accuracy").GetDouble(),
            root.GetProperty("enrolled_gallery").GetProperty("accuracy").GetDouble(),
            root.GetProperty("verification").GetProperty("eer").GetDouble());
    }

    private static void Keep(List<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Add(line);
        }
    }

    /// <param name="PeakOverFeatureBytes">The peak divided by the features' own bytes (the raw baseline).</param>
    /// <param name="WallSeconds">The whole process, start to exit.</param>
    /// <param name="OneShot">Shelf → shelf one-shot accuracy: the same on every run (the cache changes where features come from, not what they are).</param>
    private sealed record MemoryRun(
        string Run, int FeaturesComputed, int FeaturesCached, double PeakResidentGib, double PeakOverFeatureBytes,
        double WallSeconds, double TrainSeconds, double OneShot, double IconicOneShot, double Eer);
}
