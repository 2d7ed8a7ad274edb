using System.Text.RegularExpressions;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>
/// <c>--gallery</c> with a tower other than the backbone: the training classes' gallery images train with their class
/// (as the option says, and as the backbone's do), the validation and test classes' do not, the split is the one a run
/// without them holds out, and <c>--train-on-gallery false</c> or a checkpoint from before they trained leaves them out.
/// </summary>
public sealed partial class GalleryTrainingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "siamese-gallery-training-" + Guid.NewGuid().ToString("N")[..8]);

    public GalleryTrainingTests()
    {
        Data = Path.Combine(_root, "data");
        Assert.Equal(0, TrainerCli.Run(["generate", "--out", Data, "--classes", "16", "--per-class", "6", "--seed", "4"]));
        Gallery = Catalogue.FirstImages(Data, Path.Combine(_root, "gallery"));
    }

    private string Data { get; }

    private string Gallery { get; }

    [Theory]
    [InlineData(TowerKind.Conv)]
    [InlineData(TowerKind.Patch)]
    public void TheTrainingClassesGalleryImagesTrainWithTheirClassAndOnlyThose(TowerKind tower)
    {
        var (withGallery, trained) = Train(tower, "trained", trainOnGallery: null);
        var (scoredOnly, photos) = Train(tower, "scored", trainOnGallery: false);

        var train = withGallery.Split.TrainIdentities.Count;
        AssertSameSplit(withGallery.Split, scoredOnly.Split);
        Assert.Contains($"Gallery: {train} images of {train} training identities train with their class", trained, StringComparison.Ordinal);
        Assert.Contains("Gallery: scored only (--train-on-gallery false)", photos, StringComparison.Ordinal);
        // One catalogue image per training class joins the training images; validation and test images are the photos'.
        var (trainedImages, trainedRest) = SplitCounts(trained);
        var (photoImages, photoRest) = SplitCounts(photos);
        Assert.Equal(photoImages + train, trainedImages);
        Assert.Equal(photoRest, trainedRest);
        // The test classes are still scored against their gallery images, with both models.
        Assert.NotNull(withGallery.EnrolledGallery);
        Assert.NotNull(scoredOnly.EnrolledGallery);
    }

    [Fact]
    public void ACheckpointFromBeforeTheGalleryTrainedTheseTowersResumesWithoutIt()
    {
        var (first, _) = Train(TowerKind.Conv, "old", trainOnGallery: false);
        // What a run from before wrote: no train_on_gallery in the checkpoint's options, and a model trained without the gallery.
        var state = OldCheckpoints.WithoutOption(Path.Combine(_root, "old"), "train_on_gallery");
        using var log = new StringWriter();

        var resumed = new TrainingPipeline(log).Run(new TrainOptions(), state);

        Assert.Contains("Gallery: scored only (--train-on-gallery false)", log.ToString(), StringComparison.Ordinal);
        AssertSameSplit(first.Split, resumed.Split);
        Assert.Equal(first.Model.Version, resumed.Model.Version);
    }

    private (Reporting.RunReport Report, string Log) Train(TowerKind tower, string name, bool? trainOnGallery)
    {
        using var log = new StringWriter();
        var options = TrainingDefaults.Quick(new TrainOptions
        {
            Data = Data,
            Gallery = Gallery,
            TrainOnGallery = trainOnGallery,
            Output = Path.Combine(_root, name),
            Seed = 5,
            Quick = true,
            Tower = tower,
            Episodes = 100,
        });
        var report = new TrainingPipeline(log).Run(options);
        return (report, log.ToString());
    }

    private static void AssertSameSplit(Reporting.SplitReport expected, Reporting.SplitReport actual)
    {
        Assert.Equal(expected.TrainIdentities, actual.TrainIdentities);
        Assert.Equal(expected.ValidationIdentities, actual.ValidationIdentities);
        Assert.Equal(expected.TestIdentities, actual.TestIdentities);
    }

    /// <summary>The training images and the validation and test images of the run's "Split by identity" line.</summary>
    private static (int Train, string Others) SplitCounts(string log)
    {
        var match = SplitLine().Match(log);
        Assert.True(match.Success, log);
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value);
    }

    [GeneratedRegex(@"Split by identity \(seed \d+\): \d+ train \((\d+) images\), (.*)\.")]
    private static partial Regex SplitLine();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
