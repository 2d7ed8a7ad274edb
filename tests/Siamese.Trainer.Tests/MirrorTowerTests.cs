using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;
using Xunit.Abstractions;

namespace Siamese.Trainer.Tests;

/// <summary>The --mirror tower: symmetric by construction, and exported so ONNX Runtime agrees with TorchSharp.</summary>
public sealed class MirrorTowerTests(ITestOutputHelper output)
{
    [Fact]
    public void AnImageAndItsMirrorImageHaveTheSameEmbedding()
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Conv, mirror: true);
        var batch = TowerTestData.RandomBatch(3, seed: 5);
        var mirrored = new float[batch.Length];
        for (var row = 0; row < batch.Length / TowerTestData.Width; row++)
        {
            for (var x = 0; x < TowerTestData.Width; x++)
            {
                mirrored[(row * TowerTestData.Width) + x] = batch[(row * TowerTestData.Width) + TowerTestData.Width - 1 - x];
            }
        }

        var plain = TowerTestData.Embed(tower, batch, 3);
        var flipped = TowerTestData.Embed(tower, mirrored, 3);

        Assert.True(plain.Zip(flipped, (a, b) => MathF.Abs(a - b)).Max() < 1e-5f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void OnnxRuntimeGivesTheSameEmbeddingsAsTorchSharp(int count)
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Conv, mirror: true);
        var directory = Directory.CreateTempSubdirectory("siamese-mirror-").FullName;
        try
        {
            var path = Path.Combine(directory, "mirror.onnx");
            OnnxExporter.Export(tower, TowerTestData.MetadataFor(tower), path);
            var batch = TowerTestData.RandomBatch(count, seed: 40 + count);

            var expected = TowerTestData.Embed(tower, batch, count);
            var actual = OnnxParityTests.RunOnnx(path, batch, count);

            var maxDifference = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
            output.WriteLine($"mirror N={count}: max |torch - onnx| = {maxDifference:E2}");
            Assert.Equal(expected.Length, actual.Length);
            Assert.True(maxDifference <= 1e-4f, $"max |torch - onnx| = {maxDifference:E2} exceeds 1e-4");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
