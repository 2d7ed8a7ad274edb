using Siamese.Model;
using Siamese.Testing;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class FaceProbeTests
{
    [SharedDataFact]
    public void FacesLeftUnalignedGetAHintToAlignThemAndItemsDoNot()
    {
        // A user with faces who did not know --align yunet got the conv tower on whole pictures without a word.
        var faces = GrayDataset.Load(DuplicateImages.Scan(SharedData.OrlFaces!).Kept).Images;
        using var folder = new TempDirectory();
        var items = GrayDataset.Load(SyntheticDataset.Generate(folder.Path, classes: 8, perClass: 4, seed: 3)).Images;

        var hint = AdaptiveDefaults.FacesHint(faces, SharedData.YuNetModel, TowerKind.Conv);

        Assert.NotNull(hint);
        Assert.Matches(@"^Faces\? 1[2-6] of 16 sampled images hold a face that YuNet aligns\. For faces, --align yunet ", hint);
        Assert.EndsWith("this run keeps the whole images and the conv tower.", hint, StringComparison.Ordinal);
        Assert.Null(AdaptiveDefaults.FacesHint(items, SharedData.YuNetModel, TowerKind.Conv));
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

    [Fact]
    public void WithoutAFaceDetectorToAskThereIsNoHint()
    {
        using var folder = new TempDirectory();
        var items = GrayDataset.Load(SyntheticDataset.Generate(folder.Path, classes: 2, perClass: 2, seed: 3)).Images;

        Assert.Null(AdaptiveDefaults.FacesHint(items, detectorModel: null, TowerKind.Conv));
        Assert.Null(AdaptiveDefaults.FacesHint(items, Path.Combine(folder.Path, "no-such-model.onnx"), TowerKind.Conv));
    }

    [Theory]
    [InlineData(12, 16, true)]
    [InlineData(11, 16, false)]
    [InlineData(0, 0, false)]
    public void MostOfTheSampleMeansThreeQuarters(int faces, int sampled, bool expected) =>
        Assert.Equal(expected, FaceProbe.MostlyFaces(faces, sampled));
}
