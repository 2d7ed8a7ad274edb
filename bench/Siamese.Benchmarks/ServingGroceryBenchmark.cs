using System.Text.Json;
using Siamese.Model;

namespace Siamese.Benchmarks;

/// <summary>
/// The retail case of a colour model trained on grocery produce: the trainer's held-out test classes, identified
/// among shelf photos with one shelf photo enrolled per class (one-shot) and with the catalogue image as the only
/// enrolled image (iconic). Offline = ONNX Runtime in-process nearest neighbour on colour crops; served = enrol and
/// identify through the standalone services over gRPC (colour crops on every hop). The two must agree (± 0.5 points).
/// </summary>
public sealed class ServingGroceryBenchmark : IBenchmark
{
    public string Name => "serving-grocery";

    public IReadOnlyList<string> Options => ["--model", "--data"];


    public string Description => "offline vs served one-shot and iconic accuracy on the grocery test classes --model <grocery-trained model.onnx> [--data grocery_produce]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var modelPath = ServingArgs.Model(args, required: true);
        var (photos, iconic) = ServingArgs.GroceryProduce(args);

        var report = Path.Combine(Path.GetDirectoryName(modelPath)!, "report.json");
        var test = Siamese.Standalone.OneShotDraw.TestIdentities(report);
        if (test.Count == 0)
        {
            throw new ArgumentException($"{report} names no test identities: serve a model the trainer exported beside its report, so only classes it never saw are measured.");
        }

        var shelf = DuplicateImages.Find(FolderDataset.Scan(photos)).Kept.Where(i => test.Contains(i.Label)).ToList();
        var catalogue = FolderDataset.Scan(iconic).Where(i => test.Contains(i.Label)).GroupBy(i => i.Label).Select(g => g.First()).ToList();
        var withCatalogue = catalogue.Select(c => c.Label).ToHashSet(StringComparer.Ordinal);
        ServingSet[] sets =
        [
            ServingSet.FirstOfEach("one-shot", "grocery-shelf", shelf),

            // A class without a catalogue image cannot be identified against one: its photos are left out, as in the trainer.
            new("iconic", "grocery-iconic", catalogue, [.. shelf.Where(s => withCatalogue.Contains(s.Label))]),
        ];
        Console.WriteLine($"{test.Count} test classes, {shelf.Count} shelf photos, {catalogue.Count} catalogue images");
        var (model, tasks) = await ServingRun.RunAsync(modelPath, sets, cancellationToken);
        return new
        {
            Model = model.ModelId,
            ModelTrainedBy = TrainCommand(report),
            InputChannels = model.InputChannels,
            TestClasses = test.Order(StringComparer.Ordinal).ToArray(),
            Note = "offline and served: every probe against every enrolled test class (10-way with 10 test classes); " +
                "trainer_figures: the trainer's own episodes on the same classes (a sample of the same draws), for reference.",
            Tasks = tasks,
            TrainerFigures = TrainerFigures(report),
        };
    }

    /// <summary>The command that trained the model (its report's <c>config.command</c>): with the file's command, what reproduces it.</summary>
    private static string? TrainCommand(string report)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(report));
        return doc.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("command", out var command) ? command.GetString() : null;
    }

    /// <summary>The trainer's one-shot and enrolled-gallery (iconic) accuracy from its report, for reference.</summary>
    private static Dictionary<string, double> TrainerFigures(string report)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(report));
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, task) in new[] { ("one_shot", "one-shot"), ("enrolled_gallery", "iconic") })
        {
            if (doc.RootElement.TryGetProperty(key, out var result) && result.ValueKind == JsonValueKind.Object && result.TryGetProperty("accuracy", out var accuracy))
            {
                figures[task] = Math.Round(accuracy.GetDouble(), 4);
            }
        }

        return figures;
    }
}
