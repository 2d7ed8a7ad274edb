using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Data;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Suite;

/// <summary>
/// Runs the plan (<see cref="SuitePlan"/>): each run is the <c>train</c> command a user would type, in this process,
/// into its own folder; its report.json gives the figures and its model.onnx the throughput. A tower or option this
/// trainer lacks, missing data or a failed run is recorded as skipped with the reason, and the suite goes on.
/// </summary>
public sealed class SuiteRunner(TextWriter log)
{
    public SuiteResults Run(SuiteOptions options, IReadOnlyList<SuiteEntry>? plan = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var loadStart = LoadAverage();
        var known = TrainCommand.Create([]).Options.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var planned = (plan ?? SuitePlan.Entries).Where(e => options.Only.Count == 0 || options.Only.Contains(e.Name)).ToArray();
        Check(options, planned, plan is null);
        var datasets = new List<SuiteDatasetResult>();
        foreach (var entry in planned)
        {
            datasets.AddRange(RunEntry(entry, options, known));
            if (datasets.Any(d => d.Runs.Count > 0))
            {
                Write(options, datasets, loadStart, clock, complete: false); // a suite stopped part-way still leaves what it measured
            }
        }

        var measured = datasets.Sum(d => d.Runs.Count);
        if (measured == 0)
        {
            // Every run skipped (no data, every run failed): the results file of an earlier suite is not replaced by nothing.
            log.WriteLine($"Suite: no results in {clock.Elapsed.TotalMinutes:F1} min (every run skipped, reasons above); {options.Results} left as it was.");
            return Results(options, datasets, loadStart, clock, complete: true);
        }

        var results = Write(options, datasets, loadStart, clock, complete: true);
        log.WriteLine($"Suite: {measured} results in {clock.Elapsed.TotalMinutes:F1} min → {options.Results}");
        return results;
    }

    /// <summary>
    /// Refuses, before any run, a datasets folder that is not there, and a partial suite (--only, --towers,
    /// --max-seeds, --quick) writing to the default results file, which holds the full suite's figures.
    /// </summary>
    private static void Check(SuiteOptions options, IReadOnlyList<SuiteEntry> planned, bool defaultPlan)
    {
        if (planned.Any(e => e.Folder is not null) && !Directory.Exists(options.DatasetsRoot))
        {
            throw new ArgumentException(
                $"--datasets '{options.DatasetsRoot}' does not exist: pass the folder holding {string.Join(", ", planned.Where(e => e.Folder is not null).Select(e => e.Name))} " +
                "(or --only synthetic, which generates its data).");
        }

        var partial = options.Only.Count > 0 || options.Towers.Count > 0 || options.MaxSeeds is not null || options.Quick || !defaultPlan;
        if (partial && Path.GetFullPath(options.Results) == Path.GetFullPath(new SuiteOptions().Results))
        {
            throw new ArgumentException(
                $"A partial suite (--only, --towers, --max-seeds or --quick) would replace the full suite's figures in '{options.Results}': pass --results <another file>.");
        }
    }

    private static SuiteResults Write(SuiteOptions options, List<SuiteDatasetResult> datasets, double? loadStart, Stopwatch clock, bool complete)
    {
        var results = Results(options, datasets, loadStart, clock, complete);
        Json.Write(options.Results, results);
        return results;
    }

    private static SuiteResults Results(SuiteOptions options, List<SuiteDatasetResult> datasets, double? loadStart, Stopwatch clock, bool complete) =>
        new SuiteResults(
            options.Command,
            DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            new MachineInfo(Environment.ProcessorCount, BenchResults.CpuModel(), loadStart, LoadAverage()),
            "Every run is `train` with the options named per dataset; accuracy = N-way one-shot on classes never trained on; " +
            "the machine was shared, so train_seconds and images_per_s are upper and lower bounds: compare towers within one file." + Shortened(options),
            Math.Round(clock.Elapsed.TotalSeconds, 1),
            [.. datasets])
        {
            Complete = complete,
        };

    private IEnumerable<SuiteDatasetResult> RunEntry(SuiteEntry entry, SuiteOptions options, HashSet<string> known)
    {
        var oneShot = new List<SuiteRun>();
        var iconic = new List<SuiteRun>();
        var withoutGallery = new List<SuiteRun>();
        var iconicWithoutGallery = new List<SuiteRun>();
        var skipped = new List<SuiteSkip>();
        var skippedWithoutGallery = new List<SuiteSkip>();
        var data = entry.Folder is null ? null : Path.Combine(options.DatasetsRoot, entry.Folder);
        // The tower a user's `train` without --tower would pick for this data (by the same probe).
        var probed = entry.Align == AlignMode.None && data is not null && Directory.Exists(data);
        var colour = probed && ColourProbe.IsColour(data!);
        var defaultTower = SuitePlan.TowerName(TrainOptions.DefaultTower(entry.Align, colour, twoTone: probed && !colour && TwoToneProbe.IsTwoTone(data!)));
        var gallery = entry.GalleryFolder is null ? null : Path.Combine(options.DatasetsRoot, entry.GalleryFolder);
        var missing = new[] { data, gallery }.FirstOrDefault(p => p is not null && !Directory.Exists(p));
        var unknownOption = entry.Arguments.Concat(gallery is null ? [] : ["--gallery", "--train-on-gallery"]).FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !known.Contains(a));
        foreach (var plan in entry.Towers.Where(t => options.Towers.Count == 0 || options.Towers.Contains(t.Tower)))
        {
            var reason = missing is not null ? $"data folder '{missing}' not found"
                : !Enum.TryParse<TowerKind>(plan.Tower, ignoreCase: true, out _) ? $"tower '{plan.Tower}' is not built into this trainer"
                : unknownOption is not null ? $"this trainer has no {unknownOption} option"
                : null;
            if (reason is not null)
            {
                log.WriteLine($"== {entry.Name} / {plan.Tower}: skipped ({reason})");
                skipped.Add(new SuiteSkip(plan.Tower, null, reason));
                continue;
            }

            foreach (var seed in plan.Seeds.Take(options.MaxSeeds ?? int.MaxValue))
            {
                if (Train(entry, options, data, plan.Tower, seed, gallery, trainOnGallery: true, skipped) is { } run)
                {
                    oneShot.Add(run.OneShot);
                    if (run.Enrolled is { } enrolled)
                    {
                        iconic.Add(enrolled);
                    }
                }

                // The same data as a user who enrols photos trains it: without the catalogue images, so with the
                // choices a run without --gallery gets (the backbone's closer served zoom); the catalogue images are
                // only scored (--train-on-gallery false). The default tower, and the tower the iconic target compares
                // it with, so that each model trained on photos alone has its peer. Runs whether or not the run with
                // them succeeded.
                if (gallery is not null && TrainsBothWays(plan.Tower, defaultTower) && Train(entry, options, data, plan.Tower, seed, gallery, trainOnGallery: false, skippedWithoutGallery) is { } photos)
                {
                    withoutGallery.Add(photos.OneShot);
                    if (photos.Enrolled is { } enrolled)
                    {
                        iconicWithoutGallery.Add(enrolled);
                    }
                }
            }
        }

        yield return new SuiteDatasetResult(entry.Name, "one-shot", Ways(entry, options), defaultTower, oneShot, SuiteTowerSummary.Of(oneShot), skipped);
        if (gallery is not null)
        {
            yield return new SuiteDatasetResult(entry.Name, "iconic", Ways(entry, options), defaultTower, iconic, SuiteTowerSummary.Of(iconic), skipped);
            SuiteSkip[] skippedPhotosModel = [.. skipped.Where(s => TrainsBothWays(s.Tower, defaultTower) && s.Seed is null), .. skippedWithoutGallery];
            yield return new SuiteDatasetResult(entry.Name, WithoutGalleryTask, Ways(entry, options), defaultTower, withoutGallery, SuiteTowerSummary.Of(withoutGallery), skippedPhotosModel);
            yield return new SuiteDatasetResult(entry.Name, IconicWithoutGalleryTask, Ways(entry, options), defaultTower, iconicWithoutGallery, SuiteTowerSummary.Of(iconicWithoutGallery), skippedPhotosModel);
        }
    }

    /// <summary>
    /// The tower the iconic target compares the default with ("at least 3× the conv tower"): with catalogue images it
    /// also trains without them, beside the default tower, so the target is read for a model trained on photos alone
    /// against its peer trained alike.
    /// </summary>
    public const string IconicPeer = "conv";

    private static bool TrainsBothWays(string tower, string defaultTower) => tower == defaultTower || tower == IconicPeer;

    /// <summary>
    /// The task of a dataset with catalogue images scored as "one-shot" by the default tower (and <see cref="IconicPeer"/>)
    /// trained without them (no --gallery): one-shot among the photos, for the model a user who enrols photos trains.
    /// </summary>
    public const string WithoutGalleryTask = "one-shot-without-gallery";

    /// <summary>
    /// The same models as <see cref="WithoutGalleryTask"/> (trained without the catalogue images, which are only scored:
    /// --train-on-gallery false) identifying shelf photos with the catalogue image as the only enrolled image.
    /// </summary>
    public const string IconicWithoutGalleryTask = "iconic-without-gallery";

    /// <summary>
    /// The episodes' N: the entry's, or at most <see cref="QuickWays"/> with --quick, whose generated items hold out 8 classes
    /// (the synthetic entry's 10-way runs all failed there, and the smoke test measured nothing).
    /// </summary>
    private static int Ways(SuiteEntry entry, SuiteOptions options) => options.Quick ? Math.Min(entry.Ways, QuickWays) : entry.Ways;

    private const int QuickWays = 5;

    /// <summary>One <c>train</c> run as a user types it, into its own folder; null (and the reason in <paramref name="skipped"/>) when it fails.</summary>
    private (SuiteRun OneShot, SuiteRun? Enrolled)? Train(SuiteEntry entry, SuiteOptions options, string? data, string tower, int seed, string? gallery, bool trainOnGallery, List<SuiteSkip> skipped)
    {
        var output = Path.Combine(options.Output, entry.Name, trainOnGallery ? $"{tower}-s{seed}" : $"{tower}-without-gallery-s{seed}");
        string[] args =
        [
            "train", .. data is null ? ["--synthetic"] : new[] { "--data", data }, "--out", output, "--tower", tower,
            "--seed", Invariant(seed), "--ways", Invariant(Ways(entry, options)), "--episodes", Invariant(options.Episodes),
            .. entry.Arguments, .. gallery is null ? [] : trainOnGallery ? new[] { "--gallery", gallery } : new[] { "--gallery", gallery, "--train-on-gallery", "false" }, .. options.Quick ? new[] { "--quick" } : [],
            .. options.ScratchMinutes is { } minutes && tower is "conv" or "baseline" ? new[] { "--max-minutes", minutes.ToString(CultureInfo.InvariantCulture) } : [],
        ];
        log.WriteLine($"== {entry.Name} / {tower} / seed {seed}: {string.Join(' ', args)}");
        var exit = TrainerCli.Run(args);
        var report = Path.Combine(output, "report.json");
        if (exit != 0 || !File.Exists(report))
        {
            skipped.Add(new SuiteSkip(tower, seed, $"train exited with code {exit}"));
            return null;
        }

        var imagesPerSecond = Math.Round(ModelThroughput.Measure(Path.Combine(output, "model.onnx")), 1);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        var enrolled = gallery is not null && root.TryGetProperty("enrolled_gallery", out var scores) && scores.ValueKind == JsonValueKind.Object
            ? Result(root, scores, tower, seed, imagesPerSecond)
            : null;
        return (Result(root, root.GetProperty("one_shot"), tower, seed, imagesPerSecond), enrolled);
    }

    private static SuiteRun Result(JsonElement report, JsonElement oneShot, string tower, int seed, double imagesPerSecond)
    {
        var config = report.GetProperty("config");
        var loss = tower == "patch" ? "closed-form (no loss)" : config.TryGetProperty("loss", out var l) ? l.GetString() ?? "" : "";
        return new SuiteRun(
            tower,
            loss,
            seed,
            oneShot.GetProperty("accuracy").GetDouble(),
            [.. oneShot.GetProperty("ci95").EnumerateArray().Select(e => e.GetDouble())],
            report.GetProperty("verification").GetProperty("eer").GetDouble(),
            report.GetProperty("train_seconds").GetDouble(),
            imagesPerSecond);
    }

    /// <summary>What the options left out of the full plan, said in the file (a shortened suite is not the issue's suite).</summary>
    private static string Shortened(SuiteOptions options) =>
        (options.MaxSeeds is { } seeds ? $" Shortened: at most {seeds} seed(s) per tower (the plan's first)." : "") +
        (options.ScratchMinutes is { } minutes ? string.Create(CultureInfo.InvariantCulture, $" Conv and baseline trained for at most {minutes} minutes each (train --max-minutes).") : "");

    private static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
