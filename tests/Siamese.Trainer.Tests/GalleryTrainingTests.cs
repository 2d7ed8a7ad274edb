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
public sealed class GalleryTrainingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "siamese-gallery-training-" + Guid.NewGuid().ToString("N")[..8]);

    public GalleryTrainingTests()
    {
        // Seven generated images per class: the last moves to the gallery, so each class has six photos and a gallery
        // image that is none of them (a copy of a photo is left out of training, tested below).
        Data = Path.Combine(_root, "data");
        Assert.Equal(0, TrainerCli.Run(["generate", "--out", Data, "--classes", "16", "--per-class", "7", "--seed", "4"]));
        Gallery = Path.Combine(_root, "gallery");
        foreach (var folder in Directory.GetDirectories(Data))
        {
            var target = Directory.CreateDirectory(Path.Combine(Gallery, Path.GetFileName(folder))).FullName;
            var last = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Last();
            File.Move(last, Path.Combine(target, "catalogue" + Path.GetExtension(last)));
        }
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
    public void AGalleryImageThatCopiesAPhotoIsLeftOutOfTraining()
    {
        var copies = Catalogue.FirstImages(Data, Path.Combine(_root, "copies"));
        using var log = new StringWriter();

        var report = new TrainingPipeline(log).Run(TrainingDefaults.Quick(new TrainOptions { Data = Data, Gallery = copies, Output = Path.Combine(_root, "copies-run"), Seed = 5, Quick = true, Tower = TowerKind.Patch, Episodes = 100 }));

        var train = report.Split.TrainIdentities.Count;
        Assert.Contains($"Left out of training: {train} --gallery images of training identities byte for byte the same as a --data image", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Gallery: no image of a training identity, scored only", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(SplitCounts(Train(TowerKind.Patch, "photos", trainOnGallery: false).Log), SplitCounts(log.ToString()));
    }

    [Fact]
    public void AFaceRunTrainedOnItsGalleryResumesAndExportsTheSameModel()
    {
        var (report, log) = Train(TowerKind.Face, "face", trainOnGallery: null);
        var train = report.Split.TrainIdentities.Count;
        Assert.Contains($"Gallery: {train} images of {train} training identities train with their class", log, StringComparison.Ordinal);
        // The cohort (where the folds kept it) holds every training face, the gallery's included.
        Assert.Equal(report.Images.Train, SplitCounts(log).Train);
        using var resumedLog = new StringWriter();

        // A run of today states the choice in its checkpoint: it resumes trained on the gallery.
        var resumed = new TrainingPipeline(resumedLog).Run(new TrainOptions(), Path.Combine(_root, "face", "checkpoints", CheckpointStore.StateFile));

        Assert.Contains($"Gallery: {train} images of {train} training identities train with their class", resumedLog.ToString(), StringComparison.Ordinal);
        Assert.Equal(report.Model.Version, resumed.Model.Version);
        // export reads the gallery as the run did: the same embeddings (the face cohort is embedded again from the training faces).
        var exported = Path.Combine(_root, "face-exported.onnx");
        var metadata = CheckpointExport.Run(Path.Combine(_root, "face"), exported, null);
        var batch = Batch(3, report.Config.InputHeight, report.Config.InputWidth);
        var trained = OnnxParityTests.RunOnnx(report.Model.Path, batch, 3);
        var again = OnnxParityTests.RunOnnx(exported, batch, 3);
        Assert.Equal(report.Threshold, metadata.Threshold);
        // Its image counts are the run's, the training classes' gallery images included.
        Assert.Equal(Siamese.Onnx.OnnxModelFile.ReadMetadata(report.Model.Path).TrainingData, metadata.TrainingData);
        Assert.True(trained.Zip(again, (a, b) => MathF.Abs(a - b)).Max() < 1e-6f, "the exported model's embeddings differ from the trained model's");
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

    private static float[] Batch(int count, int height, int width)
    {
        var random = new Random(9);
        return [.. Enumerable.Range(0, count * height * width).Select(_ => (float)random.NextDouble())];
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
        var match = SplitLine.Match(log);
        Assert.True(match.Success, log);
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value);
    }

    // Not [GeneratedRegex]: HeldScalarTests compiles these sources without source generators.
    private static readonly Regex SplitLine = new(@"Split by identity \(seed \d+\): \d+ train \((\d+) images\), (.*)\.");

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
