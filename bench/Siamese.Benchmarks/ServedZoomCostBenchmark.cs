using Siamese.Inference;
using Siamese.Model;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;

namespace Siamese.Benchmarks;

/// <summary>
/// What the backbone model's served views cost in ONNX Runtime: the same head exported three ways from the package's
/// ResNet18 — the image alone (one served view), the image and its 60% zoom (the default without a --gallery), and the
/// image and a zoom chosen by the image's background (60%, or 80% on a plain light background: the default with a
/// --gallery, <see cref="BackboneGraph.CatalogueZoom"/>) — timed in alternating rounds on the same images. The figures
/// are images/s per model and the ratio of each to the one-view model and of the background choice to the plain zoom.
/// </summary>
/// <remarks>
/// The head is untrained: what it computes does not change what it costs. The background test (<c>Where</c>) picks
/// between two zoomed inputs that are both computed, so a catalogue image and a photo cost the same; a batch of two
/// or more holds both kinds all the same (batch 1: the plain one only).
/// </remarks>
public sealed class ServedZoomCostBenchmark : IBenchmark
{
    public string Name => "served-zoom-cost";

    public string Description => "backbone model: one served view vs the 60% zoom vs the zoom chosen by the image's background, images/s in ONNX Runtime [--batches 1,16] [--seconds 4] [--rounds 3]";

    public IReadOnlyList<string> Options => ["--batches", "--seconds", "--rounds"];

    public Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var batches = ServingArgs.IntList(args, "--batches", "1,16");
        var seconds = ServingArgs.Positive(args, "--seconds", 4);
        var rounds = ServingArgs.Int(args, "--rounds", 3);
        var folder = Directory.CreateTempSubdirectory("siamese-zoom-cost-").FullName;
        try
        {
            var files = ResNet18Files.Locate();
            using var head = (BackboneTower)TowerFactory.Create(new TowerOptions(TowerKind.Backbone, 1, BackboneTower.FeatureLengthOf(1, BackbonePooling.Average)));
            var metadata = new ModelMetadata
            {
                Name = "served-zoom-cost",
                Version = "1",
                InputHeight = BackboneGraph.InputSize,
                InputWidth = BackboneGraph.InputSize,
                InputChannels = 3,
                PixelMean = 0f,
                PixelStd = 1f,
                EmbeddingDimension = head.EmbeddingDimension,
                Threshold = 1f,
            };
            var models = new (string Name, string Description, BackboneGraph Graph, int Views)[]
            {
                ("one-view", "the image alone (--served-views 1)", BackboneGraph.Load(files), 1),
                ("zoom", "the image and its 60% zoom (the default without a --gallery)", BackboneGraph.Load(files, servedZoom: 0.6), 2),
                ("zoom-by-background", "the image and its 60% zoom, 80% on a plain light background (the default with a --gallery)", BackboneGraph.Load(files, servedZoom: 0.6, catalogueZoom: ImageView.Zoom), 2),
            };
            var sessions = new List<OnnxEmbedder>();
            foreach (var model in models)
            {
                var path = Path.Combine(folder, model.Name + ".onnx");
                BackboneExporter.Export(head, model.Graph, metadata, path, model.Views);
                sessions.Add(new OnnxEmbedder(path));
            }

            try
            {
                var results = new List<object>();
                foreach (var batch in batches)
                {
                    var input = Images(batch, sessions[0].InputLength);
                    // Alternating rounds: a shared machine's load drifts, and each model gets its share of every stretch of it.
                    var perRound = models.Select(_ => new List<double>()).ToArray();
                    for (var round = 0; round < rounds; round++)
                    {
                        for (var m = 0; m < sessions.Count; m++)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            perRound[m].Add(EmbedThroughput.MeasureRaw(sessions[m], input, batch, seconds));
                        }
                    }

                    var median = perRound.Select(Stats.Median).ToArray();
                    Console.WriteLine($"batch {batch}: " + string.Join(", ", models.Select((m, i) => $"{m.Name} {median[i]:0.0}/s")));
                    results.Add(new
                    {
                        Batch = batch,
                        ImagesPerS = models.Select((m, i) => new { Model = m.Name, Median = Math.Round(median[i], 2), Rounds = perRound[i].Select(v => Math.Round(v, 2)) }),
                        ZoomOverOneView = Math.Round(median[1] / median[0], 3),
                        ZoomByBackgroundOverOneView = Math.Round(median[2] / median[0], 3),
                        ZoomByBackgroundOverZoom = Math.Round(median[2] / median[1], 3),
                    });
                }

                return Task.FromResult<object>(new
                {
                    Models = models.Select(m => new { m.Name, m.Description }),
                    ExecutionProvider = sessions[0].ActiveProvider.ToString(),
                    SecondsPerRound = seconds,
                    Rounds = rounds,
                    Images = "even ones a coloured square on a plain white background (the catalogue branch), odd ones noise (the photo branch); batch 1 is the plain one only",
                    Runs = results,
                });
            }
            finally
            {
                sessions.ForEach(s => s.Dispose());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Images in [0,1], R, G, B planes: even ones a coloured square on white (a plain light frame), odd ones seeded noise.
    private static float[] Images(int batch, int length)
    {
        var random = new Random(5);
        var side = BackboneGraph.InputSize;
        var input = new float[batch * length];
        for (var n = 0; n < batch; n++)
        {
            for (var i = 0; i < length; i++)
            {
                var (y, x) = (i % (side * side) / side, i % side);
                var inSquare = y is > 60 and < 164 && x is > 60 and < 164;
                input[(n * length) + i] = n % 2 == 1 ? random.NextSingle() : inSquare ? 0.2f + (0.3f * (i / (side * side))) : 1f;
            }
        }

        return input;
    }
}
