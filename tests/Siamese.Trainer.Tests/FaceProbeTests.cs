using System.Text.Json;
using Siamese.Model;
using Siamese.Testing;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class FaceProbeTests
{
    [SharedDataFact]
    public void FacesFoundWhenNeitherTowerNorAlignmentIsNamedAreAlignedAndItemsAreNot()
    {
        // A user with faces who did not know --align yunet got the conv tower on whole pictures.
        using var folder = new TempDirectory();
        SyntheticDataset.Generate(folder.Path, classes: 8, perClass: 4, seed: 3);
        var faces = new StringWriter();
        var items = new StringWriter();

        var faceAlignment = AdaptiveDefaults.ChooseAlign(new TrainOptions { Data = SharedData.OrlFaces, Tower = TowerKind.Conv }, faces);
        var itemAlignment = AdaptiveDefaults.ChooseAlign(new TrainOptions { Data = folder.Path, Tower = TowerKind.Conv }, items);

        Assert.Equal((AlignMode.YuNet, AlignMode.None), (faceAlignment, itemAlignment));
        Assert.Matches(@"^Align yunet: 1[2-6] of 16 sampled images hold a face that YuNet aligns, so each image is cut to its aligned face ", faces.ToString());
        Assert.EndsWith("--align none keeps the whole images." + Environment.NewLine, faces.ToString(), StringComparison.Ordinal);
        Assert.Empty(items.ToString());
    }

    [SharedDataFact]
    public void AnOptionOnlyTheChosenTowerTakesKeepsTheWholeImagesAndTheRunSaysWhy()
    {
        var log = new StringWriter();

        var alignment = AdaptiveDefaults.ChooseAlign(new TrainOptions { Data = SharedData.OrlFaces, Tower = TowerKind.Conv, Members = 2 }, log);

        Assert.Equal(AlignMode.None, alignment);
        Assert.Matches(@"^Faces\? 1[2-6] of 16 sampled images hold a face that YuNet aligns\. Without --members, which the conv tower takes and the face tower does not, ", log.ToString());
        Assert.EndsWith("this run keeps the whole images and the conv tower." + Environment.NewLine, log.ToString(), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void FacesTheBackboneWouldHaveTakenAreComparedWithTheBackbone()
    {
        // Colour photos of faces got the backbone tower on whole pictures: the line compares with that tower, not conv.
        var aligned = new StringWriter();
        var kept = new StringWriter();

        AdaptiveDefaults.ChooseAlign(new TrainOptions { Data = SharedData.OrlFaces, Tower = TowerKind.Backbone }, aligned);
        AdaptiveDefaults.ChooseAlign(new TrainOptions { Data = SharedData.OrlFaces, Tower = TowerKind.Backbone, Channels = 3 }, kept);

        Assert.Contains("better than the backbone tower on whole pictures on the mean of the seeds measured", aligned.ToString(), StringComparison.Ordinal);
        Assert.Contains("Without --channels 3, which the backbone tower takes and the face tower does not", kept.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("this run keeps the whole images and the backbone tower." + Environment.NewLine, kept.ToString(), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void ATrainRunNamingNeitherTowerNorAlignmentTrainsTheFaceTowerOnAlignedFaces()
    {
        // The command line builds the run again for the face tower: its input, alignment and tower all follow.
        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "faces");
        foreach (var person in Enumerable.Range(1, 8).Select(i => $"s{i}"))
        {
            var target = Directory.CreateDirectory(Path.Combine(data, person)).FullName;
            foreach (var image in Directory.GetFiles(Path.Combine(SharedData.OrlFaces!, person)).Take(5))
            {
                File.Copy(image, Path.Combine(target, Path.GetFileName(image)));
            }
        }

        var run = Path.Combine(folder.Path, "run");
        Assert.Equal(0, TrainerCli.Run(["train", "--data", data, "--quick", "--test-identities", "3", "--episodes", "100", "--out", run]));

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "report.json")));
        var config = report.RootElement.GetProperty("config");
        Assert.Equal(("face", "yu_net", 42), (config.GetProperty("tower").GetString(), config.GetProperty("align").GetString(), config.GetProperty("input_height").GetInt32()));
    }

    [SharedDataFact(needsOrl: false, NeedsGrocery = true)]
    public void ProducePhotosAndCatalogueImagesHoldNoFaceTheProbeTrusts()
    {
        // The crop planner cuts a picture without a face it trusts too, so the probe counts YuNet's score: at the
        // planner's own minimum a quarter of these samples held a "face" (scores 0.38–0.76; faces score 0.90–0.94).
        var root = SharedData.GroceryProduce!;
        foreach (var (folder, every) in new[] { ("photos", 7), ("iconic", 1) })
        {
            var all = FolderDataset.Scan(Path.Combine(root, folder));
            var images = GrayDataset.Load([.. all.Where((_, i) => i % every == 0)]).Images;

            Assert.Equal((0, FaceProbe.Samples), FaceProbe.Count(images, SharedData.YuNetModel!));
        }
    }

    [SharedDataFact]
    public void WithoutAFaceDetectorToAskOrAFolderToLookInTheImagesAreNotProbed()
    {
        using var folder = new TempDirectory();
        var log = new StringWriter();
        var faces = new TrainOptions { Data = SharedData.OrlFaces, Tower = TowerKind.Conv };

        Assert.Equal(AlignMode.None, AdaptiveDefaults.ChooseAlign(faces with { DetectorModel = Path.Combine(folder.Path, "no-such-model.onnx") }, log));
        Assert.Equal(AlignMode.None, AdaptiveDefaults.ChooseAlign(faces with { Data = Path.Combine(folder.Path, "no-such-folder") }, log));
        Assert.Empty(log.ToString());
    }

    [Theory]
    [InlineData("--members")]
    [InlineData("--served-shift")]
    [InlineData("--rotated-classes")]
    [InlineData("--grouped-steps")]
    [InlineData("--channels 3")]
    [InlineData("--report-test-views")]
    [InlineData("--served-views")]
    [InlineData("--served-zoom")]
    [InlineData("--catalogue-zoom")]
    [InlineData("--feature-stages")]
    [InlineData("--pooling")]
    [InlineData("--refit")]
    public void EachOptionOfAnotherTowerIsNamed(string option)
    {
        var options = new TrainOptions();
        var named = option switch
        {
            "--members" => options with { Members = 2 },
            "--served-shift" => options with { ServedShift = 1 },
            "--rotated-classes" => options with { RotatedClasses = true },
            "--grouped-steps" => options with { GroupedSteps = true },
            "--channels 3" => options with { Channels = 3 },
            "--report-test-views" => options with { ReportTestViews = true },
            "--served-views" => options with { ServedViews = 2 },
            "--served-zoom" => options with { ServedZoom = 0.8 },
            "--catalogue-zoom" => options with { CatalogueZoom = 0 },
            "--feature-stages" => options with { FeatureStages = 2 },
            "--pooling" => options with { Pooling = BackbonePooling.Attention },
            _ => options with { Refit = true },
        };

        Assert.Equal(option, AdaptiveDefaults.WholeImageOption(named));
        Assert.Null(AdaptiveDefaults.WholeImageOption(options with { Members = 1, ServedShift = 0, RotatedClasses = false, Channels = 1, ServedViews = 1, FeatureStages = 1, Pooling = BackbonePooling.Average, Refit = false }));
    }

    [Theory]
    [InlineData(12, 16, true)]
    [InlineData(11, 16, false)]
    [InlineData(0, 0, false)]
    public void MostOfTheSampleMeansThreeQuarters(int faces, int sampled, bool expected) =>
        Assert.Equal(expected, FaceProbe.MostlyFaces(faces, sampled));
}
