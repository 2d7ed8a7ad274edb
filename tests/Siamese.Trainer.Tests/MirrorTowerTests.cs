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
            OnnxParityTests.ExportAndCompare(tower, Path.Combine(directory, "mirror.onnx"), count, seed: 40 + count, output, "mirror");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
