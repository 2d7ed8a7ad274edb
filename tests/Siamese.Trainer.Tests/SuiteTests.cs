using System.Text.Json;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Suite;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class SuiteTests : IDisposable
{
    private static readonly string[] DatasetNames = ["orl", "yalefaces", "omniglot_small", "grocery_produce", "synthetic"];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-suite-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void ThePlanCoversTheFiveDatasetsWithTheDefaultConvAndBaselineTowersAndPatchOnFaces()
    {
        Assert.Equal(DatasetNames.Order(), SuitePlan.Entries.Select(e => e.Name).Order());
        foreach (var entry in SuitePlan.Entries)
        {
            var towers = entry.Towers.Select(t => t.Tower).ToArray();
            // The tower `train` picks for the entry's kind of data: faces, colour photos, two-tone characters, gray items.
            var kind = entry.Name switch { "grocery_produce" => TrainOptions.DefaultTower(entry.Align, colour: true), "omniglot_small" => TrainOptions.DefaultTower(entry.Align, twoTone: true), _ => TrainOptions.DefaultTower(entry.Align) };
            Assert.Contains(SuitePlan.TowerName(kind), towers);
            Assert.True(entry.Towers.Single(t => t.Tower == SuitePlan.TowerName(kind)).Seeds.Count >= 3, $"{entry.Name}: the default tower on one seed");
            Assert.Contains("conv", towers);
            Assert.Contains("baseline", towers);
            Assert.Equal(entry.Align == AlignMode.YuNet, towers.Contains("patch"));
        }

        // The backbone on the item sets but Omniglot's gray line drawings (SuitePlan), where the conv tower is the default.
        Assert.All(SuitePlan.Entries.Where(e => e.Name is "synthetic" or "grocery_produce"), e => Assert.Contains("backbone", e.Towers.Select(t => t.Tower)));
        Assert.DoesNotContain("backbone", SuitePlan.Entries.Single(e => e.Name == "omniglot_small").Towers.Select(t => t.Tower));
        Assert.NotNull(SuitePlan.Entries.Single(e => e.Name == "grocery_produce").GalleryFolder);
        Assert.Contains("--split-groups", SuitePlan.Entries.Single(e => e.Name == "omniglot_small").Arguments);
        var orl = SuitePlan.Entries.Single(e => e.Name == "orl");
        Assert.Equal([42, 1, 2, 3, 4, 5], orl.Towers.Single(t => t.Tower == "face").Seeds);
        Assert.Equal(3, SuitePlan.Entries.Single(e => e.Name == "yalefaces").Towers.Single(t => t.Tower == "face").Seeds.Count);
        Assert.Equal(3, SuitePlan.Entries.Single(e => e.Name == "omniglot_small").Towers.Single(t => t.Tower == "conv").Seeds.Count);
    }

    [Fact]
    public void AQuickSuiteOfThePlansSyntheticEntryMeasuresItsRuns()
    {
        Directory.CreateDirectory(directory);
        var synthetic = SuitePlan.Entries.Single(e => e.Name == "synthetic");

        var suite = new SuiteRunner(TextWriter.Null).Run(
            new SuiteOptions { Output = directory, Results = Path.Combine(directory, "quick.json"), Quick = true, Towers = ["baseline"], Episodes = 200, DatasetsRoot = directory, Command = "test" },
            [synthetic]);

        // Before: --ways 10 against the 8 classes that --quick's generated items hold out, so every run failed.
        var dataset = Assert.Single(suite.Datasets);
        Assert.Equal((5, 1), (dataset.Ways, dataset.Runs.Count));
    }

    [Fact]
    public void ASuiteRunWritesTheResultsShapeAndSaysWhatItSkippedAndWhy()
    {
        var results = Path.Combine(directory, "suite.json");
        SuiteEntry[] plan =
        [
            new("synthetic", null, 4, AlignMode.None, [], [new("conv", [7]), new("no-such-tower", [7])]),
            new("orl", "no_such_folder", 10, AlignMode.YuNet, [], [new("face", [42])]),
        ];
        Directory.CreateDirectory(directory); // the datasets folder is there; one dataset's folder is not

        new SuiteRunner(TextWriter.Null).Run(new SuiteOptions { Output = directory, Results = results, Quick = true, Episodes = 200, DatasetsRoot = directory, Command = "test" }, plan);

        using var json = JsonDocument.Parse(File.ReadAllText(results));
        var root = json.RootElement;
        foreach (var key in new[] { "command", "measured_at", "machine" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"{key} missing");
        }

        Assert.True(root.GetProperty("complete").GetBoolean());

        var datasets = root.GetProperty("datasets").EnumerateArray().ToArray();
        Assert.Equal(["synthetic", "orl"], datasets.Select(d => d.GetProperty("name").GetString()));
        var synthetic = datasets[0];
        Assert.Equal("one-shot", synthetic.GetProperty("task").GetString());
        Assert.Equal(4, synthetic.GetProperty("ways").GetInt32());
        Assert.Equal("backbone", synthetic.GetProperty("default_tower").GetString()); // the generated items are gray photos
        var run = Assert.Single(synthetic.GetProperty("runs").EnumerateArray());
        Assert.Equal("conv", run.GetProperty("tower").GetString());
        Assert.Equal(7, run.GetProperty("seed").GetInt32());
        Assert.InRange(run.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Equal(2, run.GetProperty("ci95").GetArrayLength());
        Assert.InRange(run.GetProperty("eer").GetDouble(), 0, 1);
        Assert.True(run.GetProperty("train_seconds").GetDouble() > 0);
        Assert.True(run.GetProperty("images_per_s").GetDouble() > 0);
        Assert.False(string.IsNullOrEmpty(run.GetProperty("loss").GetString()));
        Assert.Contains("not built into this trainer", Assert.Single(synthetic.GetProperty("skipped").EnumerateArray()).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("not found", Assert.Single(datasets[1].GetProperty("skipped").EnumerateArray()).GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithCatalogueImagesTheDefaultTowerAndItsIconicPeerAlsoTrainWithoutThemAsAUserWhoEnrolsPhotos()
    {
        var generated = new TrainOptions { Synthetic = true, Output = Path.Combine(directory, "generated") };
        TrainingPipeline.DataFolder(generated);
        Catalogue.FirstImages(Path.Combine(generated.Output, "data"), Path.Combine(directory, "catalogue"));

        var results = Path.Combine(directory, "items.json");
        SuiteEntry[] plan =
        [
            // The features cached beside the generated data, not in artifacts/ under the tests' folder (131 MB a run).
            new("grocery_produce", Path.Combine("generated", "data"), 4, AlignMode.None, ["--test-identities", "4", "--feature-cache", Path.Combine(directory, "cache")], [new("backbone", [7]), new("conv", [7]), new("baseline", [7])], "catalogue"),
        ];

        new SuiteRunner(TextWriter.Null).Run(new SuiteOptions { Output = Path.Combine(directory, "runs"), Results = results, Quick = true, Episodes = 200, DatasetsRoot = directory, Command = "test" }, plan);

        using var json = JsonDocument.Parse(File.ReadAllText(results));
        var tasks = json.RootElement.GetProperty("datasets").EnumerateArray().ToDictionary(d => d.GetProperty("task").GetString()!);
        Assert.Equal(["iconic", SuiteRunner.IconicWithoutGalleryTask, "one-shot", SuiteRunner.WithoutGalleryTask], tasks.Keys.Order());
        Assert.Equal(["backbone", "baseline", "conv"], tasks["one-shot"].GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("tower").GetString()).Order());
        Assert.Equal(3, tasks["iconic"].GetProperty("runs").GetArrayLength());
        // Gray generated items get the backbone by default: it trains again without the catalogue images, which are
        // only scored (--train-on-gallery false): both ways of enrolling for the model trained on photos. So does conv,
        // the iconic target's peer; the baseline does not.
        var photos = tasks[SuiteRunner.WithoutGalleryTask].GetProperty("runs").EnumerateArray().ToArray();
        var photosIconic = tasks[SuiteRunner.IconicWithoutGalleryTask].GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["backbone", SuiteRunner.IconicPeer], photos.Select(r => r.GetProperty("tower").GetString()));
        Assert.Equal(["backbone", SuiteRunner.IconicPeer], photosIconic.Select(r => r.GetProperty("tower").GetString()));
        Assert.True(File.Exists(Path.Combine(directory, "runs", "grocery_produce", "conv-without-gallery-s7", "model.onnx")));
        Assert.False(Directory.Exists(Path.Combine(directory, "runs", "grocery_produce", "baseline-without-gallery-s7")));
        var photosIconicBackbone = photosIconic[0];
        var folder = Path.Combine(directory, "runs", "grocery_produce", "backbone-without-gallery-s7");
        Assert.True(File.Exists(Path.Combine(folder, "model.onnx")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.json")));
        Assert.Equal(report.RootElement.GetProperty("enrolled_gallery").GetProperty("accuracy").GetDouble(), photosIconicBackbone.GetProperty("accuracy").GetDouble());
        Assert.Contains("--train-on-gallery false", report.RootElement.GetProperty("config").GetProperty("command").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownDatasetNameIsAnErrorBeforeAnythingRuns()
    {
        Assert.Equal(2, TrainerCli.Run(["suite", "--only", "mnist", "--results", Path.Combine(directory, "never.json")]));
        Assert.False(File.Exists(Path.Combine(directory, "never.json")));
    }

    [Fact]
    public void AMissingDatasetsFolderAndAPartialSuiteOnTheFullSuitesFileAreRefusedAndNoResultsFileIsReplacedByNothing()
    {
        var results = Path.Combine(directory, "earlier.json");
        Directory.CreateDirectory(directory);
        File.WriteAllText(results, "{\"an\": \"earlier suite\"}");

        // Before: the suite ran, skipped every run, and wrote an empty results file over the earlier one.
        Assert.Equal(2, TrainerCli.Run(["suite", "--datasets", Path.Combine(directory, "nowhere"), "--only", "orl", "--results", results]));
        // Without --results, a partial suite would replace the full suite's bench/results/trainer-suite.json.
        var partial = Assert.Throws<ArgumentException>(() => new SuiteRunner(TextWriter.Null).Run(new SuiteOptions { Only = ["orl"], DatasetsRoot = directory }));
        // Every run skipped (the datasets folder lacks the entry's data): the earlier file stays.
        var log = new StringWriter();
        new SuiteRunner(log).Run(new SuiteOptions { Output = Path.Combine(directory, "runs"), Results = results, Quick = true, Episodes = 200, DatasetsRoot = directory, Command = "test" }, [SuitePlan.Entries.Single(e => e.Name == "orl")]);

        Assert.Contains("would replace the full suite's figures", partial.Message, StringComparison.Ordinal);
        Assert.Equal("{\"an\": \"earlier suite\"}", File.ReadAllText(results));
        Assert.Contains("left as it was", log.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
