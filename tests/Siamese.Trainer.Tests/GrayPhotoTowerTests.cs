using System.Text.Json;
using Siamese.Imaging;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>
/// The tower a run that names none gets for gray data: the backbone for gray photos and the generated items (ImageNet
/// features won on every gray photo set measured), the conv tower for two-tone images (characters), each read gray.
/// </summary>
public sealed class GrayPhotoTowerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-gray-tower-").FullName;

    [Fact]
    public void PhotosInColourOrGrayGetTheBackboneTwoToneImagesTheConvTowerAndFacesTheFaceTower()
    {
        Assert.Equal(TowerKind.Backbone, TrainOptions.DefaultTower(AlignMode.None, colour: true));
        Assert.Equal(TowerKind.Backbone, TrainOptions.DefaultTower(AlignMode.None));
        Assert.Equal(TowerKind.Conv, TrainOptions.DefaultTower(AlignMode.None, twoTone: true));
        Assert.Equal(TowerKind.Face, TrainOptions.DefaultTower(AlignMode.YuNet, twoTone: true));

        // Each printed with what it rests on: colour photos, gray photos (read gray, and what conv would cost), strokes.
        Assert.Contains("items in colour", AdaptiveDefaults.TowerReason(TowerKind.Backbone, AlignMode.None, channels: 3), StringComparison.Ordinal);
        var gray = AdaptiveDefaults.TowerReason(TowerKind.Backbone, AlignMode.None, channels: 1);
        Assert.Contains("gray photos or items", gray, StringComparison.Ordinal);
        Assert.Contains("reading them gray", gray, StringComparison.Ordinal);
        Assert.Contains("--tower conv embeds about 80 times faster", gray, StringComparison.Ordinal);
        Assert.Contains("two-tone", AdaptiveDefaults.TowerReason(TowerKind.Conv, AlignMode.None, channels: 1), StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderOfCharactersIsTwoToneAndTheGeneratedItemsAreNot()
    {
        var characters = Characters();
        var items = Path.Combine(directory, "items");
        Siamese.Model.SyntheticDataset.Generate(items, 4, 4, seed: 3);

        Assert.True(TwoToneProbe.IsTwoTone(characters));
        Assert.False(TwoToneProbe.IsTwoTone(items));
    }

    [Fact]
    public void ATrainOnAFolderOfGrayItemsGetsTheBackboneReadingThemGray()
    {
        var data = Path.Combine(directory, "items");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 4, seed: 3);
        var run = Path.Combine(directory, "run");

        // Before: the conv tower, whatever the gray images held.
        Assert.Equal(0, TrainerCli.Run(["train", "--data", data, "--quick", "--feature-cache", "none", "--episodes", "100", "--out", run]));

        var config = Config(run);
        Assert.Equal(("backbone", 1), (config.GetProperty("tower").GetString(), config.GetProperty("input_channels").GetInt32()));
        // What its threshold rests on, as for the other towers (before: not in a backbone run's report, nor printed). Six
        // classes leave no validation identities, so the training identities calibrate it, and the warning says so.
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "report.json")));
        var calibration = report.RootElement.GetProperty("calibration");
        Assert.Equal(("training identities", true, 4), (calibration.GetProperty("source").GetString(), calibration.GetProperty("seen_in_training").GetBoolean(), calibration.GetProperty("identities").GetInt32()));
        Assert.Contains("its identities also trained the tower", calibration.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ATrainOnAFolderOfCharactersKeepsTheConvTower()
    {
        var data = Characters();
        var run = Path.Combine(directory, "characters-run");

        Assert.Equal(0, TrainerCli.Run(["train", "--data", data, "--quick", "--episodes", "100", "--out", run]));

        var config = Config(run);
        Assert.Equal(("conv", 1), (config.GetProperty("tower").GetString(), config.GetProperty("input_channels").GetInt32()));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static JsonElement Config(string run)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "report.json")));
        return report.RootElement.GetProperty("config").Clone();
    }

    // Six "characters", four hands each: dark strokes on white paper, a bar and a post whose places depend on the class.
    private string Characters()
    {
        var root = Path.Combine(directory, "characters");
        const int size = 40;
        for (var c = 0; c < 6; c++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, $"char-{c}")).FullName;
            for (var h = 0; h < 4; h++)
            {
                var pixels = Enumerable.Repeat((byte)255, size * size).ToArray();
                var row = 6 + (c * 5) + (h % 2);
                var column = 34 - (c * 5) - (h / 2);
                for (var i = 4; i < size - 4; i++)
                {
                    for (var t = 0; t < 3; t++)
                    {
                        pixels[((row + t) * size) + i] = 0;
                        pixels[(i * size) + column - t] = 8;
                    }
                }

                File.WriteAllBytes(Path.Combine(folder, $"{h}.png"), ImageEncoder.EncodePng(new RgbImage(size, size, [.. pixels.SelectMany(p => new[] { p, p, p })])));
            }
        }

        return root;
    }
}
