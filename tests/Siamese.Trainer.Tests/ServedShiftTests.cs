using System.Text.Json;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>The conv tower's served shift (--served-shift): the image and four shifted copies, one embedding of the five.</summary>
public sealed class ServedShiftTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-shift-").FullName;

    [Fact]
    public void TheServedEmbeddingIsTheUnitLengthMeanOfTheImageAndItsDiagonalShifts()
    {
        using var shifted = (ConvTower)TowerTestData.TrainedTower(TowerKind.Conv, servedShift: 1);
        using var plain = (ConvTower)TowerTestData.TrainedTower(TowerKind.Conv);
        const int count = 3;
        var batch = TowerTestData.RandomBatch(count, seed: 11);
        using var images = tensor(batch, [count, 1, TowerTestData.Height, TowerTestData.Width]);

        // Same seed, same weights: the plain tower embeds each view by hand.
        var views = new[] { images, Moved(images, 1, 1), Moved(images, -1, -1), Moved(images, 1, -1), Moved(images, -1, 1) };
        using var noGrad = no_grad();
        var sum = views.Select(v => plain.call(v)).Aggregate((a, b) => a.Plus(b));
        var expected = nn.functional.normalize(sum, p: 2, dim: 1);
        var served = shifted.call(images);

        Assert.Equal(new long[] { count, plain.EmbeddingDimension }, served.shape);
        Assert.True((served - expected).abs().max().item<float>() < 1e-5f);
        Assert.True((served - plain.call(images)).abs().max().item<float>() > 1e-4f, "the shifts changed nothing, so the test proves nothing");

        // Training sees the image alone.
        shifted.train();
        plain.train();
        Assert.True((shifted.call(images) - plain.call(images)).abs().max().item<float>() < 1e-5f);
    }

    [Theory]
    [InlineData(1, 1, false, 1)]
    [InlineData(1, 1, false, 6)]
    [InlineData(2, 2, false, 5)]
    [InlineData(2, 1, true, 3)]
    public void OnnxRuntimeGivesTheSameServedEmbeddingsAsTorchSharp(int members, int shift, bool mirror, int count)
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Conv, members: members, mirror: mirror, servedShift: shift);
        OnnxParityTests.ExportAndCompare(tower, Path.Combine(directory, $"shift-{members}-{shift}-{mirror}-{count}.onnx"), count, seed: 70 + count, output, $"members {members}, shift {shift}, mirror {mirror}");
    }

    [Fact]
    public void TheConvTowerServesOnePixelShiftsUnlessToldAndSaysWhy()
    {
        var log = new StringWriter();
        var chosen = AdaptiveDefaults.ChooseServedShift(new TrainOptions { Synthetic = true, Tower = TowerKind.Conv }, log);
        var told = AdaptiveDefaults.ChooseServedShift(new TrainOptions { Synthetic = true, Tower = TowerKind.Conv, ServedShift = 0 }, TextWriter.Null);
        var patch = AdaptiveDefaults.ChooseServedShift(new TrainOptions { Synthetic = true, Tower = TowerKind.Patch }, TextWriter.Null);

        Assert.Equal(1, chosen.ServedShift);
        Assert.Contains("Served shift 1:", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("--served-shift 0", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, told.ServedShift);
        Assert.Null(patch.ServedShift);
        Assert.Equal(1, chosen.ToTowerOptions().ServedShift);
        Assert.Equal(0, (chosen with { Tower = TowerKind.Baseline }).ToTowerOptions().ServedShift);
    }

    [Fact]
    public void ARunServesTheShiftsAndItsModelMatchesTheReport()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 5, Quick = true, Tower = TowerKind.Conv, CompareBaseline = true });

        var report = new TrainingPipeline(TextWriter.Null).Run(options);

        Assert.Equal(1, report.Config.ServedShift);
        Assert.True(report.OnnxMaxAbsDifference <= 1e-4, $"ONNX vs TorchSharp: {report.OnnxMaxAbsDifference:E2}");
        // The baseline trained beside it records its own settings, not the conv tower's shifts.
        using var baseline = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "baseline", "report.json")));
        var config = baseline.RootElement.GetProperty("config");
        Assert.Equal("baseline", config.GetProperty("tower").GetString());
        Assert.False(config.TryGetProperty("served_shift", out var shift) && shift.ValueKind != JsonValueKind.Null, $"baseline served_shift: {shift}");
        Assert.False(config.TryGetProperty("members", out var members) && members.ValueKind != JsonValueKind.Null, $"baseline members: {members}");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("5")]
    public void AShiftOutOfRangeIsRefusedByName(string shift) =>
        Refusals.CommandLineRefuses(directory, "--synthetic", "--tower", "conv", "--served-shift", shift);

    [Fact]
    public void AShiftForAnotherTowerThanConvIsRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Baseline, ServedShift = 1 }, "--served-shift 1");

    /// <summary>The image moved <paramref name="down"/> rows and <paramref name="right"/> columns, edge pixels repeated into the gap.</summary>
    private static Tensor Moved(Tensor images, int down, int right)
    {
        var (h, w) = ((int)images.shape[2], (int)images.shape[3]);
        var rows = Enumerable.Range(0, h).Select(y => (long)Math.Clamp(y - down, 0, h - 1)).ToArray();
        var columns = Enumerable.Range(0, w).Select(x => (long)Math.Clamp(x - right, 0, w - 1)).ToArray();
        return images.index_select(2, tensor(rows)).index_select(3, tensor(columns));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
