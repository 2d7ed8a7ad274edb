using Siamese.Imaging;
using Siamese.Model;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>
/// The package's ResNet18 merged once, a head trained a few steps on random features, and the backbone tower
/// exported in colour and in gray; a few colour pictures preprocessed as the services do.
/// </summary>
public sealed class BackboneExportFixture : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("siamese-backbone-").FullName;

    public BackboneExportFixture()
    {
        Files = ResNet18Files.Locate();
        Graph = BackboneGraph.Load(Files);
        manual_seed(11);
        Head = TrainedHead(Graph, BackbonePooling.Average);
        AttentionGraph = BackboneGraph.Load(Files, 4, BackbonePooling.Attention);
        AttentionHead = TrainedHead(AttentionGraph, BackbonePooling.Attention);
        BackboneExporter.Export(AttentionHead, AttentionGraph, MetadataFor(3), AttentionModel);
        BothHead = TrainedHead(AttentionGraph, BackbonePooling.Both);
        BackboneExporter.Export(BothHead, AttentionGraph, MetadataFor(3, BothHead.EmbeddingDimension), BothModel);
        BackboneExporter.Export(Head, Graph, MetadataFor(3), ColourModel);
        BackboneExporter.Export(Head, Graph, MetadataFor(1), GrayModel);
        Pictures = [.. Enumerable.Range(0, 5).Select(Picture)];
    }

    public ResNet18Files Files { get; }

    public BackboneGraph Graph { get; }

    public BackboneTower Head { get; }

    public string ColourModel => Path.Combine(directory, "colour.onnx");

    /// <summary>Four stages, the last block's map pooled by the head's attention.</summary>
    public BackboneGraph AttentionGraph { get; }

    public BackboneTower AttentionHead { get; }

    public string AttentionModel => Path.Combine(directory, "attention.onnx");

    /// <summary>Four stages and the map, pooled by two heads side by side: the average and attention.</summary>
    public BackboneTower BothHead { get; }

    public string BothModel => Path.Combine(directory, "both.onnx");

    public string GrayModel => Path.Combine(directory, "gray.onnx");

    /// <summary>Colour pictures of different sizes (shapes on a gradient), not yet preprocessed.</summary>
    public RgbImage[] Pictures { get; }

    public static ModelMetadata MetadataFor(int channels, int dimension = 32) => new()
    {
        Name = "test-backbone",
        Version = "1",
        InputHeight = BackboneGraph.InputSize,
        InputWidth = BackboneGraph.InputSize,
        InputChannels = channels,
        PixelMean = 0f,
        PixelStd = 1f,
        EmbeddingDimension = dimension,
        Threshold = 0.9f,
    };

    public float[] Input(int picture, int channels) => FeatureSource.PreprocessorFor(channels).ToTensor(Pictures[picture]);

    public void Dispose()
    {
        Head.Dispose();
        AttentionHead.Dispose();
        BothHead.Dispose();
        System.IO.Directory.Delete(directory, recursive: true);
    }

    /// <summary>A head moved a few SGD steps from its start (so attention's place scores are no longer all zero, the plain average).</summary>
    private static BackboneTower TrainedHead(BackboneGraph graph, BackbonePooling pooling)
    {
        var head = (BackboneTower)TowerFactory.Create(new TowerOptions(TowerKind.Backbone, 1, graph.FeatureLength, EmbeddingDimension: 32, Pooling: pooling));
        using (var optimizer = new PlainSgd(head.parameters(), 0.1))
        {
            for (var step = 0; step < 3; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                (head.call(rand(8, 1, 1, graph.FeatureLength)) - randn(8, head.EmbeddingDimension)).Squared().mean().backward();
                optimizer.step();
            }
        }

        head.eval();
        return head;
    }

    private static RgbImage Picture(int seed)
    {
        var random = new Random(seed);
        int width = 160 + (seed * 37 % 200), height = 140 + (seed * 53 % 220);
        var rgb = new byte[width * height * 3];
        var (cx, cy, r) = (random.Next(width), random.Next(height), 20 + random.Next(60));
        var colour = new[] { random.Next(256), random.Next(256), random.Next(256) };
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r;
                for (var c = 0; c < 3; c++)
                {
                    rgb[(((y * width) + x) * 3) + c] = (byte)(inside ? colour[c] : (x * (c + 1) + y * (3 - c)) % 256);
                }
            }
        }

        return new RgbImage(width, height, rgb);
    }
}
