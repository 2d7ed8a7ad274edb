using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

public sealed class PatchTowerTests
{
    private const int Height = TowerTestData.Height;
    private const int Width = TowerTestData.Width;

    [Fact]
    public void GridIsThreeByThreeHalfSizePatchesCoveringTheImage()
    {
        var patches = PatchWhitening.Grid(56, 46);

        Assert.Equal(9, patches.Count);
        Assert.All(patches, p => Assert.Equal((28, 23), (p.Height, p.Width)));
        Assert.Equal([0, 14, 28], patches.Select(p => p.Top).Distinct());
        Assert.Equal([0, 12, 23], patches.Select(p => p.Left).Distinct());
        var covered = new bool[56 * 46];
        foreach (var index in patches.SelectMany(p => p.PixelIndices(46)))
        {
            covered[index] = true;
        }

        Assert.All(covered, Assert.True);
    }

    [Fact]
    public void FitMakesImagesOfOneIdentityCloserThanImagesOfDifferentOnes()
    {
        // Each identity is a fixed pattern; within an identity, a strong nuisance (a random multiple of one shared
        // pattern, larger than the identity differences) and weak noise. Raw pixels confuse identities; the fit must not.
        var (images, labels) = NuisanceData(identities: 12, perIdentity: 8, seed: 3);
        using var tower = (PatchTower)TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width));
        PatchFit.Fit(tower, images, labels);
        tower.eval();

        var (testImages, testLabels) = NuisanceData(identities: 6, perIdentity: 6, seed: 4);
        using var _ = no_grad();
        using var embedded = tower.call(testImages);
        var fitted = NearestNeighbourAccuracy(embedded, testLabels);
        var raw = NearestNeighbourAccuracy(testImages.reshape(testImages.shape[0], -1), testLabels);

        Assert.True(raw < 0.6, $"raw pixels should confuse identities here, got {raw:P0}");
        Assert.True(fitted > 0.95, $"fitted tower: {fitted:P0} nearest-neighbour accuracy on unseen identities");
    }

    [Fact]
    public void EmbeddingsHaveUnitLengthAndEveryPatchCountsTheSame()
    {
        var (images, labels) = NuisanceData(identities: 8, perIdentity: 6, seed: 5);
        using var tower = (PatchTower)TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width));
        PatchFit.Fit(tower, images, labels);
        tower.eval();

        using var _ = no_grad();
        using var embedded = tower.call(images);
        var norms = embedded.norm(1).data<float>().ToArray();
        Assert.All(norms, n => Assert.Equal(1f, n, 4));
        using var perPatch = embedded.view(-1, 9, PatchTower.DefaultPatchDimension).norm(2);
        Assert.All(perPatch.data<float>().ToArray(), n => Assert.Equal(1f / 3f, n, 4));
    }

    [Fact]
    public void FitIsDeterministic()
    {
        var (images, labels) = NuisanceData(identities: 6, perIdentity: 5, seed: 6);
        using var first = (PatchTower)TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width));
        using var second = (PatchTower)TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width));
        PatchFit.Fit(first, images, labels);
        PatchFit.Fit(second, images, labels);

        Assert.True(first.Whitening.Weight.equal(second.Whitening.Weight).all().item<bool>());
        Assert.True(first.Whitening.Bias.equal(second.Whitening.Bias).all().item<bool>());
    }

    [Fact]
    public void FitRefusesDataWithoutRepeatedIdentities()
    {
        using var tower = (PatchTower)TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width));
        using var images = randn(4, 1, Height, Width);

        var error = Assert.Throws<ArgumentException>(() => PatchFit.Fit(tower, images, [0, 1, 2, 3]));
        Assert.Contains("more images than identities", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PatchFit.Fit(tower, images, [0, 0, 0]));
    }

    [Fact]
    public void ExplicitEmbeddingDimensionSetsValuesPerPatch()
    {
        using var tower = TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width, EmbeddingDimension: 270));
        Assert.Equal(270, tower.EmbeddingDimension);
        Assert.Throws<ArgumentException>(() => TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width, Mirror: true)));
    }

    internal static (Tensor Images, int[] Labels) NuisanceData(int identities, int perIdentity, int seed)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        using var nuisancePattern = randn(1, 1, Height, Width, generator: new TorchSharp.torch.Generator(99));
        var batches = new List<Tensor>();
        var labels = new List<int>();
        for (var identity = 0; identity < identities; identity++)
        {
            using var pattern = randn(1, 1, Height, Width, generator: generator).Times(0.5);
            using var amount = randn(perIdentity, 1, 1, 1, generator: generator).Times(4f);
            using var noise = randn(perIdentity, 1, Height, Width, generator: generator).Times(0.05);
            batches.Add(pattern.Plus(amount * nuisancePattern).Plus(noise));
            labels.AddRange(Enumerable.Repeat(identity, perIdentity));
        }

        return (cat(batches, 0), [.. labels]);
    }

    private static double NearestNeighbourAccuracy(Tensor vectors, int[] labels)
    {
        using var distances = cdist(vectors, vectors).Plus(eye(labels.Length).Times(1e9f));
        using var nearest = distances.argmin(1);
        var indices = nearest.data<long>().ToArray();
        return indices.Select((j, i) => labels[i] == labels[(int)j] ? 1.0 : 0.0).Average();
    }
}
