using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

public sealed class SceneBordersTests
{
    [Fact]
    public void OnlyPixelsOutsideThePictureChangeAndOnlyInTheChosenImages()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        const int count = 64;
        // Every image: left half inside its picture, right half past its edge.
        var mask = new float[count * 4 * 4];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = i % 4 < 2 ? 1 : 0;
        }

        var borders = new SceneBorders(tensor(mask, [count, 1, 4, 4]), new PixelStatistics(0.5f, 0.2f));
        using var seven = 7f.ToScalar();
        var batch = full(count, 1, 4, 4, seven);

        var filled = borders.Apply(batch, tensor(Enumerable.Range(0, count).Select(i => (long)i).ToArray()), new Random(1));

        var inside = filled.index_select(3, tensor(new long[] { 0, 1 }));
        var outside = filled.index_select(3, tensor(new long[] { 2, 3 }));
        Assert.True(inside.eq(seven).all().item<bool>());
        var changed = outside.ne(seven).flatten(1).all(1).sum().item<long>();
        var unchanged = outside.eq(seven).flatten(1).all(1).sum().item<long>();
        Assert.Equal(count, changed + unchanged);
        Assert.InRange(changed, count / 4, 3 * count / 4);
    }

    [Fact]
    public void WithoutAlignmentThereIsNothingToFill()
    {
        var root = Directory.CreateTempSubdirectory("siamese-borders-").FullName;
        try
        {
            SyntheticDataset.Generate(root, 3, 2, seed: 1);
            var dataset = GrayDataset.Load(root);
            Assert.Null(SceneBorders.For(dataset, new PixelStatistics(0.5f, 0.2f), 56, 46));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
