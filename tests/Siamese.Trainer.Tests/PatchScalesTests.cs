using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>Two patch scales (--patch-scales 2): each patch also fitted at half resolution, in the same single map.</summary>
public sealed class PatchScalesTests(ITestOutputHelper output) : IDisposable
{
    private const int Height = TowerTestData.Height;
    private const int Width = TowerTestData.Width;
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-scales-").FullName;

    [Fact]
    public void TwoScalesAddEachPatchAtHalfResolutionCutToWholeBlocks()
    {
        var grid = PatchWhitening.Grid(Height, Width);
        var regions = PatchWhitening.Regions(grid, scales: 2);

        Assert.Same(grid, PatchWhitening.Regions(grid, scales: 1));
        Assert.Equal(18, regions.Count);
        Assert.Equal(grid, regions.Take(9));
        Assert.All(regions.Skip(9).Zip(grid), pair =>
        {
            var (binned, patch) = pair;
            Assert.Equal((patch.Top, patch.Left, 2), (binned.Top, binned.Left, binned.Bin));
            Assert.Equal((patch.Height - (patch.Height % 2), patch.Width - (patch.Width % 2)), (binned.Height, binned.Width));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchWhitening.Regions(grid, scales: 3));
        Assert.Throws<ArgumentException>(() => new PatchWhitening(Height, Width, 4, [new PatchRegion(0, 0, 5, 4, Bin: 2)], trainable: false));
    }

    [Fact]
    public void ABinnedPatchEmbedsAsItsRegionOfTheHalfResolutionImageDoes()
    {
        // The binned region (even top and left) and the same region of the image averaged in 2x2 blocks beforehand:
        // two fits of the same numbers, so the same embeddings up to a rotation (a map's columns may flip sign), i.e.
        // the same dot products between them.
        var (images, labels) = PatchTowerTests.NuisanceData(identities: 10, perIdentity: 6, seed: 11);
        using var binned = new PatchWhitening(Height, Width, 12, [new PatchRegion(4, 2, 28, 22, Bin: 2)], trainable: false);
        using var halved = new PatchWhitening(Height / 2, Width / 2, 12, [new PatchRegion(2, 1, 14, 11)], trainable: false);
        // Averaged in float64, as the fit bins, so that both fits see the same numbers.
        using var pooledExactly = nn.functional.avg_pool2d(images.to_type(ScalarType.Float64), 2);
        using var pooled = pooledExactly.to_type(ScalarType.Float32);
        PatchFit.Fit(binned, images, labels);
        PatchFit.Fit(halved, pooledExactly, labels);

        using var _ = no_grad();
        using var fromBinned = binned.call(images);
        using var fromHalved = halved.call(pooled);
        using var productsBinned = fromBinned.matmul(fromBinned.t());
        using var productsHalved = fromHalved.matmul(fromHalved.t());
        var difference = (productsBinned - productsHalved).abs().max().item<float>();
        output.WriteLine($"max |dot product difference| = {difference:E2}");
        Assert.True(difference < 1e-4f, $"dot products differ by {difference:E2}");
        Assert.True(productsBinned.min().item<float>() < 0.5f, "the embeddings are all alike, so the comparison would prove nothing");
    }

    [Fact]
    public void TwoScaleEmbeddingsHaveUnitLengthEighteenEqualPatchesAndTheDefaultSixtyValuesEach()
    {
        var (images, labels) = PatchTowerTests.NuisanceData(identities: 8, perIdentity: 6, seed: 5);
        using var tower = (PatchTower)TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width, PatchScales: 2));
        PatchFit.Fit(tower, images, labels);
        tower.eval();

        Assert.Equal(18 * PatchTower.DefaultTwoScalePatchDimension, tower.EmbeddingDimension);
        using var _ = no_grad();
        using var embedded = tower.call(images);
        Assert.All(embedded.norm(1).data<float>().ToArray(), n => Assert.Equal(1f, n, 4));
        using var perPatch = embedded.view(-1, 18, PatchTower.DefaultTwoScalePatchDimension).norm(2);
        Assert.All(perPatch.data<float>().ToArray(), n => Assert.Equal(1f / MathF.Sqrt(18), n, 4));
        Assert.Equal(180, TowerFactory.Create(new TowerOptions(TowerKind.Patch, Height, Width, EmbeddingDimension: 180, PatchScales: 2)).EmbeddingDimension);
    }

    [Theory]
    [InlineData(TowerKind.Patch, 1)]
    [InlineData(TowerKind.Patch, 6)]
    [InlineData(TowerKind.Face, 3)]
    public void OnnxRuntimeGivesTheSameTwoScaleEmbeddingsAsTorchSharp(TowerKind kind, int count)
    {
        var (images, labels) = PatchTowerTests.NuisanceData(identities: 8, perIdentity: 8, seed: 9);
        using var tower = TowerFactory.Create(new TowerOptions(kind, Height, Width, PatchScales: 2));
        PatchFit.Fit(tower is FaceTower face ? face.Whitening : ((PatchTower)tower).Whitening, images, labels);
        tower.eval();

        OnnxParityTests.ExportAndCompare(tower, Path.Combine(directory, $"{kind}-{count}.onnx"), count, seed: 40 + count, output, $"{kind} two scales");
    }

    [Fact]
    public void PatchAndFaceTowersTakeTwoScalesUnlessToldAndSayWhy()
    {
        var log = new StringWriter();
        var chosen = AdaptiveDefaults.ChoosePatchScales(new TrainOptions { Synthetic = true, Tower = TowerKind.Face }, log);
        var told = AdaptiveDefaults.ChoosePatchScales(new TrainOptions { Synthetic = true, Tower = TowerKind.Patch, PatchScales = 1 }, TextWriter.Null);
        var conv = AdaptiveDefaults.ChoosePatchScales(new TrainOptions { Synthetic = true, Tower = TowerKind.Conv }, TextWriter.Null);

        Assert.Equal(2, chosen.PatchScales);
        Assert.Contains("Patch scales 2:", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("--patch-scales 1", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, told.PatchScales);
        Assert.Null(conv.PatchScales);
        Assert.Equal(2, chosen.ToTowerOptions().PatchScales);
        Assert.Equal(1, (chosen with { Tower = TowerKind.Conv }).ToTowerOptions().PatchScales);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    public void ScalesOutOfRangeAreRefusedByName(string scales) =>
        Refusals.CommandLineRefuses(directory, "--synthetic", "--tower", "patch", "--patch-scales", scales);

    [Fact]
    public void ScalesForAnotherTowerAreRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Conv, PatchScales = 2 }, "--patch-scales 2");

    [Fact]
    public void ACheckpointFromBeforeTheOptionResumesWithOneScale()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 3, Quick = true, Tower = TowerKind.Patch, PatchScales = 1 });
        var first = new TrainingPipeline(TextWriter.Null).Run(options);
        // What a run from before --patch-scales wrote: no patch_scales in the checkpoint's options.
        var state = OldCheckpoints.WithoutOption(directory, "patch_scales");

        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), state);

        Assert.Equal(1, resumed.Config.PatchScales);
        Assert.Equal(first.Model.Version, resumed.Model.Version);
        Assert.Equal(9 * PatchTower.DefaultPatchDimension, first.Model.EmbeddingDim);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
