using Microsoft.ML.OnnxRuntime;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ModelMetadata = Siamese.Model.ModelMetadata;

namespace Siamese.Trainer.Tests;

public sealed class OnnxModelContractTests(OnnxExportFixture exported) : IClassFixture<OnnxExportFixture>
{
    [Theory]
    [InlineData(TowerKind.Baseline)]
    [InlineData(TowerKind.Conv)]
    [InlineData(TowerKind.Patch)]
    [InlineData(TowerKind.Face)]
    public void MetadataReadByOnnxRuntimeEqualsWhatWasExported(TowerKind kind)
    {
        using var session = new InferenceSession(exported.PathOf(kind));

        var read = ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap);

        Assert.Equal(TowerTestData.MetadataFor(exported.Tower(kind)), read);
        Assert.Equal(OnnxExporter.ProducerName, session.ModelMetadata.ProducerName);
    }

    [Theory]
    [InlineData(TowerKind.Baseline, 50)]
    [InlineData(TowerKind.Conv, 768)]
    [InlineData(TowerKind.Patch, 720)]
    [InlineData(TowerKind.Face, 720)]
    public void ModelHasOneDynamicBatchInputAndOneEmbeddingOutput(TowerKind kind, int dimension)
    {
        using var session = new InferenceSession(exported.PathOf(kind));

        var input = Assert.Single(session.InputMetadata);
        var output = Assert.Single(session.OutputMetadata);

        Assert.Equal("input", input.Key);
        Assert.Equal(typeof(float), input.Value.ElementType);
        Assert.Equal([-1, 1, TowerTestData.Height, TowerTestData.Width], input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);
        Assert.Equal("embedding", output.Key);
        Assert.Equal(typeof(float), output.Value.ElementType);
        Assert.Equal([-1, dimension], output.Value.Dimensions);
        Assert.Equal("N", output.Value.SymbolicDimensions[0]);
    }

    [Fact]
    public void ConvTowerEmbeddingsFromOnnxHaveUnitLength()
    {
        const int count = 5;
        var embeddings = OnnxParityTests.RunOnnx(exported.PathOf(TowerKind.Conv), TowerTestData.RandomBatch(count, seed: 3), count);

        var dimension = embeddings.Length / count;
        for (var row = 0; row < count; row++)
        {
            var norm = MathF.Sqrt(embeddings.AsSpan(row * dimension, dimension).ToArray().Sum(v => v * v));
            Assert.Equal(1f, norm, 1e-5f);
        }
    }

    [Fact]
    public void ExportRefusesMetadataThatDescribesAnotherShape()
    {
        var tower = exported.Tower(TowerKind.Conv);
        var wrong = TowerTestData.MetadataFor(tower) with { EmbeddingDimension = 64 };
        var path = Path.Combine(exported.Directory, "wrong.onnx");

        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(tower, wrong, path));

        Assert.Contains("embedding dimension", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ExportOverwritesAnExistingModelAndLeavesNoTemporaryFiles()
    {
        var tower = exported.Tower(TowerKind.Baseline);
        var directory = Path.Combine(exported.Directory, "overwrite");
        var path = Path.Combine(directory, "model.onnx");
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, "an older model");

        OnnxExporter.Export(tower, TowerTestData.MetadataFor(tower), path);

        Assert.Equal(["model.onnx"], Directory.GetFiles(directory).Select(Path.GetFileName));
        using var session = new InferenceSession(path);
        Assert.Equal("input", Assert.Single(session.InputMetadata).Key);
    }

    [Fact]
    public void ExportKeepsTheTowerInTrainingModeWhenItWasTraining()
    {
        using var tower = TowerFactory.Create(new TowerOptions(TowerKind.Conv, TowerTestData.Height, TowerTestData.Width));
        tower.train();

        OnnxExporter.Export(tower, TowerTestData.MetadataFor(tower), Path.Combine(exported.Directory, "training.onnx"));

        Assert.True(tower.training);
    }

    [Fact]
    public void ALayerWithoutOnnxMappingIsAnErrorNamingTheLayer()
    {
        using var tower = new TanhTower();

        var error = Assert.Throws<NotSupportedException>(() =>
            OnnxExporter.Export(tower, TowerTestData.MetadataFor(tower), Path.Combine(exported.Directory, "tanh.onnx")));

        Assert.Contains("layers.squash", error.Message, StringComparison.Ordinal);
    }

    private sealed class TanhTower : Tower
    {
        private readonly Sequential layers;

        public TanhTower() : base(nameof(TanhTower))
        {
            layers = nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(TowerTestData.Height * TowerTestData.Width, 4)), ("squash", nn.Tanh()));
            RegisterComponents();
        }

        public override TowerOptions Options { get; } = new(TowerKind.Conv, TowerTestData.Height, TowerTestData.Width);

        public override int EmbeddingDimension => 4;

        public override Sequential Layers => layers;

        public override Tensor forward(Tensor input) => layers.call(input);
    }
}
