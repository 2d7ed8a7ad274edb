using Siamese.Trainer.Towers;
using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

public sealed class TowerTests
{
    [Theory]
    [InlineData(TowerKind.Baseline, 50)]
    [InlineData(TowerKind.Conv, 768)]
    public void TowerMapsABatchOfOrlSizedImagesToOneVectorPerImage(TowerKind kind, int dimension)
    {
        using var scope = NewDisposeScope();
        using var tower = TowerFactory.Create(new TowerOptions(kind, 56, 46));
        tower.eval();

        var output = tower.call(randn(5, 1, 56, 46));

        Assert.Equal(dimension, tower.EmbeddingDimension);
        Assert.Equal(new long[] { 5, dimension }, output.shape);
    }

    [Fact]
    public void ConvTowerOutputsUnitLengthVectors()
    {
        using var scope = NewDisposeScope();
        using var tower = TowerFactory.Create(new TowerOptions(TowerKind.Conv, 56, 46));
        tower.eval();

        var norms = tower.call(randn(9, 1, 56, 46)).norm(1).data<float>().ToArray();

        Assert.All(norms, n => Assert.Equal(1f, n, 1e-5f));
    }

    [Theory]
    [InlineData(TowerKind.Baseline)]
    [InlineData(TowerKind.Conv)]
    public void EmbeddingDimensionCanBeChosen(TowerKind kind)
    {
        using var scope = NewDisposeScope();
        using var tower = TowerFactory.Create(new TowerOptions(kind, 32, 32, EmbeddingDimension: 17));
        tower.eval();

        Assert.Equal(new long[] { 2, 17 }, tower.call(randn(2, 1, 32, 32)).shape);
    }

    [Theory]
    [InlineData(TowerKind.Baseline, 8)]
    [InlineData(TowerKind.Conv, 15)]
    public void TooSmallAnInputIsRejectedWithAMessageNamingTheMinimum(TowerKind kind, int size)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TowerFactory.Create(new TowerOptions(kind, size, size)));

        Assert.Contains("at least", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATrainingStepChangesTheWeightsAndTheBatchNormStatistics()
    {
        using var tower = TowerFactory.Create(new TowerOptions(TowerKind.Conv, 56, 46));
        var before = tower.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var optimizer = new PlainSgd(tower.parameters(), 0.1);

        using (NewDisposeScope())
        {
            tower.train();
            optimizer.zero_grad();
            tower.call(randn(8, 1, 56, 46)).sum().backward();
            optimizer.step();
        }

        var after = tower.state_dict();
        Assert.False(before["layers.conv1.weight"].equal(after["layers.conv1.weight"]).all().item<bool>());
        Assert.False(before["layers.bn1.running_mean"].equal(after["layers.bn1.running_mean"]).all().item<bool>());
    }

    [Theory]
    [InlineData(TowerKind.Baseline)]
    [InlineData(TowerKind.Conv)]
    public void SavedWeightsLoadIntoANewTowerAndGiveTheSameOutput(TowerKind kind)
    {
        var options = new TowerOptions(kind, 56, 46);
        var path = Path.Combine(Path.GetTempPath(), $"tower-{Guid.NewGuid():N}.bin");
        try
        {
            using var scope = NewDisposeScope();
            using var trained = TowerFactory.Create(options);
            trained.eval();
            trained.SaveWeights(path);
            using var loaded = TowerFactory.Load(options, path);
            loaded.eval();

            var input = randn(3, 1, 56, 46);
            using (no_grad())
            {
                Assert.True(trained.call(input).allclose(loaded.call(input)));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
