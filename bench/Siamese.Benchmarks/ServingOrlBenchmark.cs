using Siamese.Model;

namespace Siamese.Benchmarks;

/// <summary>
/// One-shot identification of the ORL test identities (held out by the trainer): gallery = the first image of
/// each, probes = the others. Offline = ONNX Runtime in-process nearest neighbour; served = enrol and identify
/// through the standalone services over gRPC. The two must agree (± 0.5 points).
/// </summary>
public sealed class ServingOrlBenchmark : IBenchmark
{
    public string Name => "serving-orl";

    public IReadOnlyList<string> Options => ["--model", "--data"];


    public string Description => "offline vs served one-shot accuracy on the ORL test identities --model <orl-trained model.onnx> [--data orl_faces]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var modelPath = ServingArgs.Model(args, required: true);
        var data = ServingArgs.Value(args, "--data") ?? SharedData.OrlFaces
            ?? throw new ArgumentException("ORL faces not found: pass --data <folder> or set SIAMESE_ORL_FACES.");
        var report = Path.Combine(Path.GetDirectoryName(modelPath)!, "report.json");
        var test = Siamese.Standalone.OneShotDraw.TestIdentities(report);
        if (test.Count == 0)
        {
            Console.WriteLine($"warning: {report} names no test identities; using every identity (seen in training)");
        }

        var set = ServingSet.FirstOfEach("one-shot", "orl", DuplicateImages.Find(FolderDataset.Scan(data)).Kept.Where(i => test.Count == 0 || test.Contains(i.Label)));
        Console.WriteLine($"{set.Gallery.Count} test identities, {set.Probes.Count} probes");
        var (model, tasks) = await ServingRun.RunAsync(modelPath, [set], cancellationToken);
        var figures = tasks[0];
        return new
        {
            Model = model.ModelId,
            figures.TestIdentities,
            figures.Probes,
            figures.OfflineAccuracy,
            figures.ServedAccuracy,
            figures.DifferencePoints,
            figures.IdentifyP50Ms,
            figures.IdentifyP95Ms,
        };
    }
}
