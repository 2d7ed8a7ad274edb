using Microsoft.ML.OnnxRuntime;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;
using Xunit.Abstractions;

namespace Siamese.Trainer.Tests;

public sealed class OnnxParityTests(OnnxExportFixture exported, ITestOutputHelper output) : IClassFixture<OnnxExportFixture>
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData(TowerKind.Baseline, 7)]
    [InlineData(TowerKind.Baseline, 1)]
    [InlineData(TowerKind.Baseline, 33)]
    [InlineData(TowerKind.Conv, 7)]
    [InlineData(TowerKind.Conv, 1)]
    [InlineData(TowerKind.Conv, 33)]
    [InlineData(TowerKind.Patch, 7)]
    [InlineData(TowerKind.Patch, 1)]
    [InlineData(TowerKind.Patch, 33)]
    [InlineData(TowerKind.Face, 7)]
    [InlineData(TowerKind.Face, 1)]
    [InlineData(TowerKind.Face, 33)]
    public void OnnxRuntimeGivesTheSameEmbeddingsAsTorchSharpForAnyBatchSize(TowerKind kind, int count)
    {
        var batch = TowerTestData.RandomBatch(count, seed: 100 + count);
        var tower = exported.Tower(kind);

        var expected = TowerTestData.Embed(tower, batch, count);
        var actual = RunOnnx(exported.PathOf(kind), batch, count);

        Assert.Equal(count * tower.EmbeddingDimension, actual.Length);
        Assert.True(expected.Any(v => v != 0), "the tower's output is all zeros, so the comparison would prove nothing");
        var maxDifference = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        output.WriteLine($"{kind} N={count}: max |torch - onnx| = {maxDifference:E2}");
        Assert.True(maxDifference <= Tolerance, $"max |torch - onnx| = {maxDifference:E2} exceeds {Tolerance:E0}");
    }

    /// <summary>Exports <paramref name="tower"/> to <paramref name="path"/> and asserts ONNX Runtime gives its embeddings of a random batch (≤ 1e-4).</summary>
    internal static void ExportAndCompare(Tower tower, string path, int count, int seed, ITestOutputHelper output, string label)
    {
        OnnxExporter.Export(tower, TowerTestData.MetadataFor(tower), path);
        var batch = TowerTestData.RandomBatch(count, seed);

        var expected = TowerTestData.Embed(tower, batch, count);
        var actual = RunOnnx(path, batch, count);

        var maxDifference = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        output.WriteLine($"{label} N={count}: max |torch - onnx| = {maxDifference:E2}");
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(maxDifference <= Tolerance, $"max |torch - onnx| = {maxDifference:E2} exceeds {Tolerance:E0}");
    }

    internal static float[] RunOnnx(string modelPath, float[] batch, int count)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(modelPath, options);
        using var input = OrtValue.CreateTensorValueFromMemory(batch, [count, 1, TowerTestData.Height, TowerTestData.Width]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["embedding"]);
        var output = outputs[0];
        Assert.Equal([count, session.OutputMetadata["embedding"].Dimensions[1]], output.GetTensorTypeAndShape().Shape);
        return output.GetTensorDataAsSpan<float>().ToArray();
    }
}
