using System.Diagnostics;
using System.Numerics.Tensors;
using Google.Protobuf;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Benchmarks;

/// <summary>
/// One-shot identification of the ORL test identities (held out by the trainer): gallery = the first image of
/// each, probes = the others. Offline = ONNX Runtime in-process nearest neighbour; served = enrol and identify
/// through the standalone services over gRPC. The two must agree (± 0.5 points).
/// </summary>
public sealed class ServingOrlBenchmark : IBenchmark
{
    public string Name => "serving-orl";

    public string Description => "offline vs served one-shot accuracy on the ORL test identities --model <orl-trained model.onnx> [--data orl_faces]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var modelPath = ServingArgs.Model(args, required: true);
        var data = ServingArgs.Value(args, "--data") ?? SharedData.OrlFaces
            ?? throw new ArgumentException("ORL faces not found: pass --data <folder> or set SIAMESE_ORL_FACES.");
        var (gallery, probes) = Draw(data, Path.Combine(Path.GetDirectoryName(modelPath)!, "report.json"));
        Console.WriteLine($"{gallery.Count} test identities, {probes.Count} probes");

        using var raw = new OnnxEmbedder(modelPath);
        var offline = Offline(raw, gallery, probes);

        var index = Directory.CreateTempSubdirectory("siamese-serving-orl-").FullName;
        try
        {
            await using var host = await ServingHost.StartAsync(new Dictionary<string, string?>
            {
                ["Models:Embedding"] = modelPath,
                ["Models:YuNet"] = SharedData.YuNetModel,
                ["Match:Embedded:DataDirectory"] = index,
            }, cancellationToken);
            var (served, latencies) = await ServedAsync(new Matcher.MatcherClient(host.Channel), gallery, probes, cancellationToken);
            Console.WriteLine($"offline {offline:P2}, served {served:P2}");
            var sorted = latencies.Order().ToArray();
            return new
            {
                Model = raw.Metadata.ModelId,
                TestIdentities = gallery.Count,
                Probes = probes.Count,
                OfflineAccuracy = Math.Round(offline, 4),
                ServedAccuracy = Math.Round(served, 4),
                DifferencePoints = Math.Round((served - offline) * 100, 2),
                IdentifyP50Ms = Math.Round(sorted[sorted.Length / 2], 2),
                IdentifyP95Ms = Math.Round(sorted[(int)(sorted.Length * 0.95)], 2),
            };
        }
        finally
        {
            Directory.Delete(index, recursive: true);
        }
    }

    private static (List<LabeledImage> Gallery, List<LabeledImage> Probes) Draw(string data, string report)
    {
        var test = TestIdentities(report);
        var groups = FolderDataset.Scan(data).Where(i => test.Count == 0 || test.Contains(i.Label)).GroupBy(i => i.Label).ToList();
        if (test.Count == 0)
        {
            Console.WriteLine($"warning: {report} names no test identities; using every identity (seen in training)");
        }

        return ([.. groups.Select(g => g.First())], [.. groups.SelectMany(g => g.Skip(1))]);
    }

    private static HashSet<string> TestIdentities(string report)
    {
        if (!File.Exists(report))
        {
            return [];
        }

        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
        return doc.RootElement.TryGetProperty("split", out var split) && split.TryGetProperty("test_identities", out var ids)
            ? [.. ids.EnumerateArray().Select(e => e.GetString()!)]
            : [];
    }

    /// <summary>
    /// The trainer's own path: images cut as the model records (<c>siamese.crop</c>), by the crop planner exactly as the
    /// trainer cut its images (its first crop, or the plain resize when it finds none), then ONNX Runtime directly, no services.
    /// </summary>
    private static double Offline(OnnxEmbedder model, List<LabeledImage> gallery, List<LabeledImage> probes)
    {
        using var detectors = new DetectorSet(SharedData.YuNetModel, null);
        var planner = new CropPlanner(detectors, new CropOptions());
        var target = CropTarget.Of(model.Metadata);
        GrayImage Cut(LabeledImage item) => planner.CutAsTrainer(ImageDecoder.LoadGray(item.Path), target);

        var g = model.Embed([.. gallery.Select(Cut)]);
        var p = model.Embed([.. probes.Select(Cut)]);
        var correct = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var best = Enumerable.Range(0, g.Length).MinBy(j => TensorPrimitives.Distance(p[i], g[j]));
            correct += gallery[best].Label == probes[i].Label ? 1 : 0;
        }

        return (double)correct / p.Length;
    }

    private static async Task<(double Accuracy, List<double> LatenciesMs)> ServedAsync(
        Matcher.MatcherClient client, List<LabeledImage> gallery, List<LabeledImage> probes, CancellationToken cancellationToken)
    {
        foreach (var g in gallery)
        {
            await client.EnrollAsync(new EnrollRequest
            {
                Tenant = "orl", SubjectId = g.Label, Images = { ByteString.CopyFrom(await File.ReadAllBytesAsync(g.Path, cancellationToken)) },
            }, cancellationToken: cancellationToken);
        }

        var correct = 0;
        var latencies = new List<double>();
        foreach (var p in probes)
        {
            var image = ByteString.CopyFrom(await File.ReadAllBytesAsync(p.Path, cancellationToken));
            var start = Stopwatch.GetTimestamp();
            var answer = await client.IdentifyAsync(new IdentifyRequest { Tenant = "orl", Image = image, TopK = 1 }, cancellationToken: cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            correct += answer.Results[0].Candidates[0].SubjectId == p.Label ? 1 : 0;
        }

        return ((double)correct / probes.Count, latencies);
    }
}
