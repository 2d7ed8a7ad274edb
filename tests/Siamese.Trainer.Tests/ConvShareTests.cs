using System.Text.RegularExpressions;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>The face tower's conv companion (--conv-share): a conv stack trained beside the closed-form patch maps, joined by its share of every distance.</summary>
public sealed class ConvShareTests(ITestOutputHelper output) : IDisposable
{
    private const int Height = TowerTestData.Height;
    private const int Width = TowerTestData.Width;
    private const double Share = 0.3;
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-conv-share-").FullName;

    [Fact]
    public void UntilJoinedTheEmbeddingIsTheMapsAloneThenTheCompanionHasItsShareOfEverySquaredDistance()
    {
        using var tower = FittedTower(seed: 3);
        var companion = tower.Companion!;
        using var images = randn(6, 1, Height, Width);
        using var _ = no_grad();
        var mapsWidth = (int)companion.First.call(images).shape[1];

        using var before = tower.call(images);
        Assert.False(companion.Joined);
        Assert.Equal(tower.EmbeddingDimension, (int)before.shape[1]);
        Assert.Equal(0f, before.narrow(1, mapsWidth, tower.EmbeddingDimension - mapsWidth).abs().max().item<float>());
        Assert.Equal(0f, (before.narrow(1, 0, mapsWidth) - companion.First.call(images)).abs().max().item<float>());

        tower.JoinCompanion();
        using var after = tower.call(images);
        using var maps = companion.First.call(images);
        using var conv = companion.Second.call(images);
        Assert.All(after.norm(1).data<float>().ToArray(), n => Assert.Equal(1f, n, 4));
        using var joined = cdist(after, after).Squared();
        using var expected = cdist(maps, maps).Squared().Times(1 - Share).Plus(cdist(conv, conv).Squared().Times(Share));
        var difference = (joined - expected).abs().max().item<float>();
        output.WriteLine($"max |joined d² − ((1 − s)·d²(maps) + s·d²(conv))| = {difference:E2}");
        Assert.True(difference < 1e-5f, $"squared distances differ by {difference:E2}");
    }

    [Fact]
    public void TrainingStepsSeeTheCompanionAloneAndLeaveTheFittedMapsAsTheyAre()
    {
        using var tower = FittedTower(seed: 4);
        var maps = tower.Whitening;

        Assert.False(maps.Weight.requires_grad);
        Assert.False(maps.Bias.requires_grad);
        Assert.Contains(tower.parameters(), p => p.requires_grad);
        tower.train();
        using var images = randn(4, 1, Height, Width);
        using var embedded = tower.call(images);
        Assert.Equal(tower.EmbeddingDimension - maps.OutputDimension, (int)embedded.shape[1]);
        Assert.True(embedded.requires_grad);
    }

    [Fact]
    public void TheJoinTravelsWithTheWeights()
    {
        using var tower = FittedTower(seed: 6);
        tower.JoinCompanion();
        var path = Path.Combine(directory, "joined.weights");
        tower.SaveWeights(path);

        using var loaded = new FaceTower(tower.Options);
        loaded.LoadWeights(path);

        Assert.True(loaded.Companion!.Joined);
        Assert.Equal(tower.Companion!.Weights, loaded.Companion.Weights);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 5)]
    public void OnnxRuntimeGivesTheSameEmbeddingsAsTorchSharp(bool joined, int count)
    {
        using var tower = FittedTower(seed: 8);
        if (joined)
        {
            tower.JoinCompanion();
        }

        tower.eval();
        OnnxParityTests.ExportAndCompare(tower, Path.Combine(directory, $"companion-{joined}-{count}.onnx"), count, seed: 70 + count, output, $"conv companion, joined {joined}");
    }

    [Fact]
    public void TheFaceTowerTakesACompanionUnlessToldOrMirroredAndSaysWhy()
    {
        var log = new StringWriter();
        var chosen = AdaptiveDefaults.ChooseConvShare(new TrainOptions { Synthetic = true, Tower = TowerKind.Face }, log);
        var told = AdaptiveDefaults.ChooseConvShare(new TrainOptions { Synthetic = true, Tower = TowerKind.Face, ConvShare = 0 }, TextWriter.Null);
        var mirrored = AdaptiveDefaults.ChooseConvShare(new TrainOptions { Synthetic = true, Tower = TowerKind.Face, Mirror = true }, TextWriter.Null);
        var patch = AdaptiveDefaults.ChooseConvShare(new TrainOptions { Synthetic = true, Tower = TowerKind.Patch }, TextWriter.Null);

        Assert.Equal(AdaptiveDefaults.DefaultConvShare, chosen.ConvShare);
        Assert.Contains("Conv share 0.3:", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("--conv-share 0", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, told.ConvShare);
        Assert.Equal(0, mirrored.ConvShare);
        Assert.Null(patch.ConvShare);
        Assert.Equal(AdaptiveDefaults.DefaultConvShare, chosen.ToTowerOptions().ConvShare);
        Assert.Equal(0, (chosen with { Tower = TowerKind.Patch }).ToTowerOptions().ConvShare);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    public void ASharesOutsideZeroToOneIsRefusedByName(string share) =>
        Refusals.CommandLineRefuses(directory, "--synthetic", "--tower", "face", "--conv-share", share);

    [Fact]
    public void AShareForAnotherTowerIsRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Patch, ConvShare = 0.3 }, "--conv-share 0.3");

    [Fact]
    public void AShareWithTheMirrorSumIsRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Face, ConvShare = 0.3, Mirror = true }, "--conv-share 0");

    [Fact]
    public void AFaceRunWithACompanionTrainsItByTheFoldsAndExportsAnExactModelThatResumes()
    {
        // Three epochs of the companion in each fold and the final tower: enough for the folds to see it help.
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 7, Quick = true, Tower = TowerKind.Face, Epochs = 3 });
        var log = new StringWriter();

        var report = new TrainingPipeline(log).Run(options);

        var text = log.ToString();
        output.WriteLine(text);
        Assert.Equal(AdaptiveDefaults.DefaultConvShare, report.Config.ConvShare);
        Assert.Contains("a conv companion trained as the conv tower would be", text, StringComparison.Ordinal);
        // The folds keep every epoch of the budget or none, and say which.
        var epochs = Regex.Match(text, @"Epochs: (\d+) of (\d+): ");
        Assert.True(epochs.Success, "the folds' choice of epochs is not in the log");
        Assert.Contains(epochs.Groups[1].Value, new[] { "0", epochs.Groups[2].Value });
        Assert.Contains(report.EpochsRun == 0 ? "with the patch maps alone" : "with the conv companion trained", text, StringComparison.Ordinal);
        Assert.Contains("cross-validated", report.Calibration!.Source, StringComparison.Ordinal);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"ONNX differs from TorchSharp by {report.OnnxMaxAbsDifference}");
        Assert.True(report.Model.EmbeddingDim > 9 * PatchTower.DefaultTwoScalePatchDimension * 2, $"embedding {report.Model.EmbeddingDim}: the companion's values are missing");

        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), Path.Combine(directory, "checkpoints", "last.json"));
        Assert.Equal(report.Threshold, resumed.Threshold);
        Assert.Equal(report.Model.Version, resumed.Model.Version);
        Assert.Equal(report.OneShot.Accuracy, resumed.OneShot.Accuracy);
    }

    [Fact]
    public void ACheckpointFromBeforeTheOptionResumesWithoutACompanion()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 3, Quick = true, Tower = TowerKind.Face, ConvShare = 0 });
        var first = new TrainingPipeline(TextWriter.Null).Run(options);
        // What a run from before --conv-share wrote: no conv_share in the checkpoint's options.
        var state = OldCheckpoints.WithoutOption(directory, "conv_share");

        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), state);

        Assert.Equal(0, resumed.Config.ConvShare);
        Assert.Equal(first.Model.Version, resumed.Model.Version);
        Assert.Equal(first.Model.EmbeddingDim, resumed.Model.EmbeddingDim);
    }

    /// <summary>A face tower with a companion, its patch maps fitted on generated faces; the companion as initialised.</summary>
    private static FaceTower FittedTower(int seed)
    {
        manual_seed(seed);
        var (images, labels) = PatchTowerTests.NuisanceData(identities: 8, perIdentity: 6, seed: seed);
        var tower = new FaceTower(new TowerOptions(TowerKind.Face, Height, Width, ConvShare: Share));
        PatchFit.Fit(tower.Whitening, images, labels);
        tower.eval();
        return tower;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
