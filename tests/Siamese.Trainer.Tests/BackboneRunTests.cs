using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using ModelMetadata = Siamese.Model.ModelMetadata;

namespace Siamese.Trainer.Tests;

/// <summary>A whole backbone run on a little generated data: features, head, gallery task, export, cache, checkpoint export.</summary>
public sealed class BackboneRunTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-backbone-run-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void ABackboneRunTrainsAHeadOnCachedFeaturesAndExportsOneColourModel()
    {
        var options = Options("first");
        var gallery = Gallery(options);

        var report = new TrainingPipeline(TextWriter.Null).Run(options with { Gallery = gallery, GalleryEveryStep = true, ServedViews = 1 });

        Assert.Equal("backbone", report.Model.Tower);
        Assert.Equal("3x224x224", report.Model.Input);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"ONNX differs from TorchSharp by {report.OnnxMaxAbsDifference}");
        Assert.True(report.Backbone!.BackboneParityMaxAbsDifference < 1e-4, $"the merged backbone differs from the package's by {report.Backbone.BackboneParityMaxAbsDifference}");
        Assert.Equal(4, report.Backbone.FeatureStages);
        // Every image once, and the enrolment images of test and validation classes (training ones are training images).
        Assert.Equal(report.Images.Train + report.Images.Validation + report.Images.Test + report.Identities.Test + report.Identities.Validation, report.Backbone.Computed);
        Assert.NotNull(report.EnrolledGallery);
        Assert.Equal(report.Identities.Test, report.EnrolledGallery.Ways);
        Assert.Equal(report.Identities.Validation, report.Backbone.ValidationOneShot!.Ways);
        Assert.Equal(report.Identities.Validation, report.Backbone.ValidationGallery!.Ways);
        using (var session = new InferenceSession(Path.Combine(directory, "first", "model.onnx")))
        {
            var metadata = ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap);
            Assert.Equal(3, metadata.InputChannels);
            Assert.Equal(report.Threshold, metadata.Threshold);
        }

        // Another seed on the same images computes no feature again; a checkpoint exports to the same model.
        var second = new TrainingPipeline(TextWriter.Null).Run(Options("second") with { Seed = 8, Data = options.Output + "/data", Synthetic = false, ServedViews = 1 });
        Assert.Equal(0, second.Backbone!.Computed);
        Assert.Null(second.Backbone.TestViews);

        // The same images in another data folder: a cache file of their own, so a run loads only its own data's file.
        var copy = Path.Combine(directory, "copy");
        foreach (var file in Directory.EnumerateFiles(options.Output + "/data", "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(options.Output + "/data", file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var elsewhere = new TrainingPipeline(TextWriter.Null).Run(Options("elsewhere") with { Seed = 8, Data = copy, Synthetic = false, ServedViews = 1 });
        Assert.Equal((second.Backbone.Cached, 0), (elsewhere.Backbone!.Computed, elsewhere.Backbone.Cached));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(directory, "cache"), "features-*.bin").Length);

        // --report-test-views: three more views of each test and test-class enrolment image, scored with the report's draws.
        var viewed = new TrainingPipeline(TextWriter.Null).Run(Options("views") with { Seed = 8, Data = options.Output + "/data", Synthetic = false, Gallery = gallery, ReportTestViews = true, ServedViews = 1 });
        Assert.Equal(3 * (viewed.Images.Test + viewed.Identities.Test), viewed.Backbone!.Computed);
        var views = viewed.Backbone.TestViews!;
        Assert.Equal(["mirror", "zoom", "all"], views.Select(v => v.Views));
        Assert.Equal([2, 2, 4], views.Select(v => v.BackbonePasses));
        Assert.All(views, v => Assert.Equal((viewed.OneShot.Ways, viewed.OneShot.Episodes), (v.OneShot.Ways, v.OneShot.Episodes)));
        Assert.All(views, v => Assert.Equal(viewed.EnrolledGallery!.Ways, v.Gallery!.Ways));
        var exported = Path.Combine(directory, "exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", Path.Combine(directory, "first", "checkpoints"), "--out", exported]));
        using var first = new InferenceSession(exported);
        Assert.Equal(report.Model.Version, ModelMetadata.FromDictionary(first.ModelMetadata.CustomMetadataMap).Version);
    }

    [Fact]
    public void TwoServedViewsEmbedTheImageAndItsCentreZoomInTheModelAsTheReportScoresThem()
    {
        var options = Options("served");
        var gallery = Gallery(options);
        var plain = new TrainingPipeline(TextWriter.Null).Run(options with { Gallery = gallery, ServedViews = 1 });
        var log = new StringWriter();

        var served = new TrainingPipeline(log).Run(Options("served2") with { Data = options.Output + "/data", Synthetic = false, Gallery = gallery });

        // The zoom of every image embedded as served (validation, test and their enrolment images), cut by the model's own nodes.
        Assert.Equal(served.Images.Validation + served.Images.Test + served.Identities.Validation + served.Identities.Test, served.Backbone!.Computed);
        Assert.Equal(2, served.Backbone.ServedViews);
        Assert.Equal(1, plain.Backbone!.ServedViews);
        Assert.True(served.OnnxMaxAbsDifference < 1e-4, $"the two-view model differs from the report's embeddings by {served.OnnxMaxAbsDifference}");
        Assert.NotEqual(plain.Threshold, served.Threshold);
        Assert.Contains("Served views 2", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Feature stages 4", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Gallery every step", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(true, served.Config.GalleryEveryStep);
        Assert.Equal("both", served.Backbone.Pooling);
        Assert.Contains("Pooling both", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(2 * 128, served.Model.EmbeddingDim);


        // Any batch: each image's embedding is the same alone and beside others, and of unit length.
        using var session = new InferenceSession(Path.Combine(directory, "served2", "model.onnx"));
        var random = new Random(3);
        var pixels = new float[3 * 3 * 224 * 224];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }

        var batch = Embed(session, pixels, 3);
        for (var n = 0; n < 3; n++)
        {
            var alone = Embed(session, pixels[(n * 3 * 224 * 224)..((n + 1) * 3 * 224 * 224)], 1)[0];
            Assert.Equal(1.0, Math.Sqrt(alone.Sum(v => (double)v * v)), 4);
            Assert.All(alone.Zip(batch[n]), p => Assert.Equal(p.First, p.Second, 4));
        }

        // A checkpoint exports the views its threshold was calibrated on.
        var exported = Path.Combine(directory, "served2-exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", Path.Combine(directory, "served2", "checkpoints"), "--out", exported]));
        using var fromCheckpoint = new InferenceSession(exported);
        var again = Embed(fromCheckpoint, pixels, 3);
        Assert.All(Enumerable.Range(0, 3), n => Assert.All(again[n].Zip(batch[n]), p => Assert.Equal(p.First, p.Second, 5)));
    }

    [Fact]
    public void AGalleryOnlyScoredTrainsTheModelOfARunWithoutOneAndScoresTheTestClassesAgainstIt()
    {
        var options = Options("photos");
        var gallery = Gallery(options);
        var withoutGallery = new TrainingPipeline(TextWriter.Null).Run(options);
        var log = new StringWriter();

        var scored = new TrainingPipeline(log).Run(Options("scored") with { Data = options.Output + "/data", Synthetic = false, Gallery = gallery, TrainOnGallery = false });

        // The same model as without --gallery: its choices, draws, threshold and figures; only the test classes' gallery images are new.
        Assert.Equal(withoutGallery.Identities.Test, scored.Identities.Test);
        Assert.Equal(AdaptiveDefaults.PhotoEnrolmentServedZoom, scored.Config.ServedZoom);
        Assert.Null(scored.Config.GalleryEveryStep);
        Assert.Equal(withoutGallery.Threshold, scored.Threshold);
        Assert.Equal(withoutGallery.OneShot.Accuracy, scored.OneShot.Accuracy);
        Assert.Equal(withoutGallery.Verification.Eer, scored.Verification.Eer);
        Assert.Null(scored.Backbone!.ValidationGallery);
        Assert.Equal(2 * scored.Identities.Test, scored.Backbone.Computed);
        Assert.NotNull(scored.EnrolledGallery);
        Assert.Null(withoutGallery.EnrolledGallery);
        Assert.Equal(scored.Identities.Test, scored.EnrolledGallery.Ways);
        Assert.Contains("only scored (--train-on-gallery false)", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(Embed("photos"), Embed("scored"));
    }

    [Fact]
    public void TrainOnGalleryWithoutAGalleryOrBesideGalleryEveryStepIsAClearError()
    {
        var alone = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("no-gallery") with { TrainOnGallery = false }));
        var both = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("both") with { Gallery = directory, TrainOnGallery = false, GalleryEveryStep = true }));

        Assert.Contains("pass --gallery <folder>", alone.Message, StringComparison.Ordinal);
        Assert.Contains("pass one of the two", both.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "no-gallery")));
        Assert.False(Directory.Exists(Path.Combine(directory, "both")));
        Assert.NotEqual(0, TrainerCli.Run(["train", "--synthetic", "--train-on-gallery", "maybe", "--out", Path.Combine(directory, "cli")]));
        Assert.Equal(2, TrainerCli.Run(["train", "--synthetic", "--train-on-gallery", "false", "--out", Path.Combine(directory, "cli")]));
        Assert.False(File.Exists(Path.Combine(directory, "cli", "model.onnx")));
    }

    [Fact]
    public void ThresholdFoldsCalibrateOnEveryNonTestIdentityAndShipTheModelARunWithoutThemShips()
    {
        var options = Options("validation-threshold");
        var alone = new TrainingPipeline(TextWriter.Null).Run(options);
        var log = new StringWriter();

        // Left open: 2 validation identities are too few, so the run chooses the folds.
        var folded = new TrainingPipeline(log).Run(Options("fold-threshold") with { Data = options.Output + "/data", Synthetic = false, ThresholdFolds = null });

        // 9 training and validation identities: 4 folds, each scoring 2 or 3 of them.
        Assert.Equal(4, folded.Config.ThresholdFolds);
        Assert.Contains("Threshold folds 4: 2 validation identities are few", log.ToString(), StringComparison.Ordinal);
        // Each fold's head trains on the identities it does not score, and the folds score every one of them once.
        var foldLines = System.Text.RegularExpressions.Regex.Matches(log.ToString(), @"Threshold fold \d/4: the head trains on \d+ images and views of (\d+) identities and scores \d+ photos of (\d+)\.");
        Assert.Equal(4, foldLines.Count);
        var nonTest = folded.Identities.Train + folded.Identities.Validation;
        Assert.All(foldLines, m => Assert.Equal(nonTest, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(nonTest, foldLines.Sum(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(folded.Identities.Train + folded.Identities.Validation, folded.Calibration!.Identities);
        Assert.Contains("4-fold cross-validated", folded.Calibration.Source, StringComparison.Ordinal);
        Assert.Equal("validation identities", alone.Calibration!.Source);
        // Only the threshold differs: the folds' heads leave the first fit, the refit and every figure as they were.
        Assert.NotEqual(alone.Threshold, folded.Threshold);
        Assert.Equal(alone.OneShot.Accuracy, folded.OneShot.Accuracy);
        Assert.Equal(alone.Verification.Eer, folded.Verification.Eer);
        Assert.Equal(Embed("validation-threshold"), Embed("fold-threshold"));
        using (var session = new InferenceSession(Path.Combine(directory, "fold-threshold", "model.onnx")))
        {
            Assert.Equal(folded.Threshold, ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap).Threshold);
        }

        // The training photos' served zooms are the only new features (scored as served), and no fold leaves checkpoints behind.
        Assert.Equal(folded.Images.Train, folded.Backbone!.Computed);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(directory, "fold-threshold", "checkpoints"), "threshold-fold*"));
    }

    [Fact]
    public void ThresholdFoldsForAnotherTowerOrWithTooFewIdentitiesAreAClearError()
    {
        var conv = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv-folds") with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46, ThresholdFolds = 3 }));
        var many = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("many-folds") with { ThresholdFolds = 5 }));

        Assert.Contains("--threshold-folds", conv.Message, StringComparison.Ordinal);
        Assert.Contains("--threshold-folds 5", many.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "conv-folds", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, "many-folds", "model.onnx")));
        Assert.NotEqual(0, TrainerCli.Run(["train", "--synthetic", "--threshold-folds", "1", "--out", Path.Combine(directory, "one-fold")]));
        Assert.False(Directory.Exists(Path.Combine(directory, "one-fold")));
    }

    [Fact]
    public void ServedViewsOtherThanOneOrTwoOrForAnotherTowerAreAClearError()
    {
        var three = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("three") with { ServedViews = 3 }));
        var conv = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv-served") with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46, ServedViews = 2 }));

        Assert.Contains("--served-views", three.Message, StringComparison.Ordinal);
        Assert.Contains("--served-views", conv.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "three", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, "conv-served", "model.onnx")));
    }

    [Fact]
    public void ACloserServedZoomIsCutByTheModelAsTheReportScoresItKeptInTheCheckpointAndCachedByItsSide()
    {
        var options = Options("zoom80") with { ServedZoom = ImageView.Zoom };
        var plain = new TrainingPipeline(TextWriter.Null).Run(options);
        var log = new StringWriter();

        var closer = new TrainingPipeline(log).Run(Options("zoom60") with { Data = options.Output + "/data", Synthetic = false, ServedZoom = 0.6 });

        // Same images, same cache folder: the images' own features are read from the cache, and only the served zooms
        // (of the validation and test images, as calibration and the report embed them) are computed at 60%.
        var images = plain.Images.Train + plain.Images.Validation + plain.Images.Test;
        var zooms = plain.Images.Validation + plain.Images.Test;
        Assert.Equal(images + zooms, plain.Backbone!.Computed);
        Assert.Equal(zooms, closer.Backbone!.Computed);
        Assert.Equal(2, closer.Backbone.ServedViews);
        Assert.True(closer.OnnxMaxAbsDifference < 1e-4, $"the model's 60% zoom differs from the report's embeddings by {closer.OnnxMaxAbsDifference}");
        Assert.NotEqual(plain.Threshold, closer.Threshold);
        Assert.Contains("Served zoom 0.6: the second served view keeps the centre 134x134 of 224", log.ToString(), StringComparison.Ordinal);

        // A checkpoint exports the zoom its threshold was calibrated on.
        var exported = Path.Combine(directory, "zoom60-exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", Path.Combine(directory, "zoom60", "checkpoints"), "--out", exported]));
        using var original = new InferenceSession(Path.Combine(directory, "zoom60", "model.onnx"));
        using var fromCheckpoint = new InferenceSession(exported);
        var pixels = Enumerable.Range(0, 2 * 3 * 224 * 224).Select(i => (float)((i * 7919 % 1000) / 1000.0)).ToArray();
        var expected = Embed(original, pixels, 2);
        Assert.All(Enumerable.Range(0, 2), n => Assert.All(Embed(fromCheckpoint, pixels, 2)[n].Zip(expected[n]), p => Assert.Equal(p.First, p.Second, 5)));

        // Later runs at either zoom find every feature, each zoom's own: the same embeddings as the first run at it.
        var again = new TrainingPipeline(TextWriter.Null).Run(Options("zoom80-again") with { Data = options.Output + "/data", Synthetic = false, ServedZoom = ImageView.Zoom });
        Assert.Equal(0, again.Backbone!.Computed);
        Assert.Equal(plain.Threshold, again.Threshold);
        var closerAgain = new TrainingPipeline(TextWriter.Null).Run(Options("zoom60-again") with { Data = options.Output + "/data", Synthetic = false, ServedZoom = 0.6 });
        Assert.Equal(0, closerAgain.Backbone!.Computed);
        Assert.Equal(closer.Threshold, closerAgain.Threshold);
    }

    [Fact]
    public void WithACatalogueTheModelCutsACatalogueImagesZoomByItsBackgroundAsTheReportScoresItAndKeepsItInTheCheckpoint()
    {
        var options = Options("catalogue-zoom");
        var gallery = Gallery(options);
        // Catalogue images as shops have them: the item on a white frame (the generated items fill their pictures).
        foreach (var file in Directory.GetFiles(gallery, "*", SearchOption.AllDirectories))
        {
            var image = Siamese.Imaging.ImageDecoder.LoadRgb(file);
            var rgb = (byte[])image.Rgb.Clone();
            var margin = (Math.Max(image.Width, image.Height) / 8) + 1;
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    if (y < margin || y >= image.Height - margin || x < margin || x >= image.Width - margin)
                    {
                        rgb.AsSpan(((y * image.Width) + x) * 3, 3).Fill(250);
                    }
                }
            }

            File.WriteAllBytes(file, Siamese.Imaging.ImageEncoder.EncodePng(new Siamese.Imaging.RgbImage(image.Width, image.Height, rgb)));
            Assert.True(Siamese.Trainer.Onnx.BackboneGraph.IsPlainBackground(FeatureSource.PreprocessorFor(3).ToTensor(Siamese.Imaging.ImageDecoder.LoadRgb(file)), 3));
        }

        Assert.False(Siamese.Trainer.Onnx.BackboneGraph.IsPlainBackground(FeatureSource.PreprocessorFor(3).ToTensor(Siamese.Imaging.ImageDecoder.LoadRgb(Directory.GetFiles(Directory.GetDirectories(options.Output + "/data")[0])[0])), 3));
        var log = new StringWriter();

        var run = new TrainingPipeline(log).Run(options with { Data = options.Output + "/data", Synthetic = false, Gallery = gallery });

        Assert.Equal(AdaptiveDefaults.PhotoEnrolmentServedZoom, run.Config.ServedZoom);
        Assert.Equal(ImageView.Zoom, run.Config.CatalogueZoom);
        Assert.Contains("Catalogue zoom 0.8: the --gallery's catalogue images will be enrolled", log.ToString(), StringComparison.Ordinal);
        // The run's parity check embeds test photos and catalogue images of the test classes: both branches.
        Assert.True(run.OnnxMaxAbsDifference < 1e-4, $"the model's zooms differ from the report's embeddings by {run.OnnxMaxAbsDifference}");
        var model = Path.Combine(directory, "catalogue-zoom", "model.onnx");
        using (var session = new InferenceSession(model))
        {
            Assert.Contains("(134x134 of 224, resized; 179x179 for an image on a plain light background, more than 60% of its 12-pixel frame light and unsaturated)", session.ModelMetadata.Description, StringComparison.Ordinal);
        }

        // An image on a light frame and the same image on a dark one: the checkpoint exports the model the run wrote,
        // which embeds the two by their own zooms.
        var pixels = new float[2 * 3 * 224 * 224];
        for (var i = 0; i < 224 * 224; i++)
        {
            var (y, x) = (i / 224, i % 224);
            var frame = y is < 12 or >= 212 || x is < 12 or >= 212;
            for (var c = 0; c < 3; c++)
            {
                var inside = ((i * 7919) + (c * 104729)) % 997 / 996f;
                pixels[(c * 224 * 224) + i] = frame ? 0.95f : inside;
                pixels[(3 * 224 * 224) + (c * 224 * 224) + i] = frame ? 0.2f : inside;
            }
        }

        var exported = Path.Combine(directory, "catalogue-zoom-exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", Path.Combine(directory, "catalogue-zoom", "checkpoints"), "--out", exported]));
        using var original = new InferenceSession(model);
        using var fromCheckpoint = new InferenceSession(exported);
        var expected = Embed(original, pixels, 2);
        Assert.All(Enumerable.Range(0, 2), n => Assert.All(Embed(fromCheckpoint, pixels, 2)[n].Zip(expected[n]), p => Assert.Equal(p.First, p.Second, 5)));

        // --catalogue-zoom 0 serves every image at the one zoom: its own cache entries, another model.
        var single = new TrainingPipeline(TextWriter.Null).Run(options with { Data = options.Output + "/data", Synthetic = false, Gallery = gallery, Output = Path.Combine(directory, "catalogue-zoom-off"), CatalogueZoom = 0 });
        Assert.Equal(0, single.Config.CatalogueZoom);
        Assert.True(single.Backbone!.Computed > 0, "the served zooms of one zoom for every image were read from the cache entries of a zoom by background");
        using var one = new InferenceSession(Path.Combine(directory, "catalogue-zoom-off", "model.onnx"));
        Assert.DoesNotContain("plain light background", one.ModelMetadata.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, null, false)]
    [InlineData(0.3, null, false)]
    [InlineData(0.8, 1, false)]
    [InlineData(0.8, null, true)]
    public void ACatalogueZoomOutOfRangeWithoutTwoServedViewsOrForAnotherTowerIsAClearError(double zoom, int? servedViews, bool conv)
    {
        var options = Options("catalogue-refused") with { CatalogueZoom = zoom, ServedViews = servedViews };
        if (conv)
        {
            options = options with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46 };
        }

        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(options));

        Assert.Contains("--catalogue-zoom", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "catalogue-refused", "model.onnx")));
        Refusals.CommandLineRefuses(directory, "--synthetic", "--tower", "backbone", "--catalogue-zoom", "0.2");
    }

    [Theory]
    [InlineData(1.0, null, false)]
    [InlineData(0.3, null, false)]
    [InlineData(0.6, 1, false)]
    [InlineData(0.6, null, true)]
    public void AServedZoomOutOfRangeWithoutTwoServedViewsOrForAnotherTowerIsAClearError(double zoom, int? servedViews, bool conv)
    {
        var options = Options("zoom-refused") with { ServedZoom = zoom, ServedViews = servedViews };
        if (conv)
        {
            options = options with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46 };
        }

        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(options));

        Assert.Contains("--served-zoom", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "zoom-refused", "model.onnx")));
        Refusals.CommandLineRefuses(directory, "--synthetic", "--tower", "backbone", "--served-zoom", "1.5");
    }

    [Fact]
    public void ACheckpointFromBeforeTheChosenServedZoomResumesWithTheTrainingViewsZoomWithoutAGallery()
    {
        var options = Options("old-zoom") with { ServedZoom = ImageView.Zoom };
        new TrainingPipeline(TextWriter.Null).Run(options);
        OldCheckpoints.WithoutOption(Path.Combine(directory, "old-zoom"), "served_zoom");
        OldCheckpoints.WithoutOption(Path.Combine(directory, "old-zoom"), "catalogue_zoom");
        var log = new StringWriter();

        var resumed = new TrainingPipeline(log).Run(new TrainOptions(), Path.Combine(directory, "old-zoom", "checkpoints"));

        Assert.Equal(2, resumed.Backbone!.ServedViews);
        Assert.Contains("Served zoom 0.8: the second served view keeps the centre 179x179 of 224", log.ToString(), StringComparison.Ordinal);
        using var model = new InferenceSession(Path.Combine(directory, "old-zoom", "model.onnx"));
        Assert.Contains("(179x179 of 224, resized)", model.ModelMetadata.Description, StringComparison.Ordinal);
        Assert.Equal(0, resumed.Config.CatalogueZoom);
    }

    [Fact]
    public void ACheckpointFromBeforeFeatureStagesExportsAndResumesWithTheLastBlockAlone()
    {
        var options = Options("old") with { FeatureStages = 1, ServedViews = 1, Pooling = BackbonePooling.Average };
        var first = new TrainingPipeline(TextWriter.Null).Run(options);
        var checkpoints = Path.Combine(directory, "old", "checkpoints");
        OldCheckpoints.WithoutOption(Path.Combine(directory, "old"), "feature_stages");
        OldCheckpoints.WithoutOption(Path.Combine(directory, "old"), "pooling");
        OldCheckpoints.WithoutOption(Path.Combine(directory, "old"), "threshold_folds");

        var exported = Path.Combine(directory, "old-exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", checkpoints, "--out", exported]));
        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), checkpoints);

        using var original = new InferenceSession(Path.Combine(directory, "old", "model.onnx"));
        using var fromCheckpoint = new InferenceSession(exported);
        var pixels = Enumerable.Range(0, 2 * 3 * 224 * 224).Select(i => (float)((i * 7919 % 1000) / 1000.0)).ToArray();
        var expected = Embed(original, pixels, 2);
        var actual = Embed(fromCheckpoint, pixels, 2);
        Assert.All(Enumerable.Range(0, 2), n => Assert.All(actual[n].Zip(expected[n]), p => Assert.Equal(p.First, p.Second, 5)));
        Assert.Equal(1, resumed.Backbone!.FeatureStages);
        Assert.Equal("average", resumed.Backbone.Pooling);
        // From before threshold folds: calibrated on its 2 validation identities again, to the same threshold.
        Assert.Equal(0, resumed.Config.ThresholdFolds);
        Assert.Equal(first.Threshold, resumed.Threshold);
    }

    [Theory]
    [InlineData(BackbonePooling.Attention, 128)]
    [InlineData(BackbonePooling.Both, 256)]
    public void ARunWhoseHeadPoolsTheMapExportsTheEmbeddingsItReportsAndAReadableCheckpoint(BackbonePooling pooling, int dimension)
    {
        var name = pooling.ToString().ToLowerInvariant();
        var report = new TrainingPipeline(TextWriter.Null).Run(Options(name) with { Pooling = pooling });

        Assert.Equal(name, report.Backbone!.Pooling);
        Assert.Equal(512 * 7 * 7 + 448, report.Backbone.FeatureLength);
        Assert.Equal(dimension, report.Model.EmbeddingDim);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"the {name} model differs from the report's embeddings by {report.OnnxMaxAbsDifference}");
        Assert.True(report.Backbone.BackboneParityMaxAbsDifference < 1e-4, $"the merged backbone's map differs from the package's by {report.Backbone.BackboneParityMaxAbsDifference}");

        var exported = Path.Combine(directory, $"{name}-exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", Path.Combine(directory, name, "checkpoints"), "--out", exported]));
        using var original = new InferenceSession(Path.Combine(directory, name, "model.onnx"));
        using var fromCheckpoint = new InferenceSession(exported);
        var pixels = Enumerable.Range(0, 2 * 3 * 224 * 224).Select(i => (float)((i * 7919 % 1000) / 1000.0)).ToArray();
        var expected = Embed(original, pixels, 2);
        Assert.All(Enumerable.Range(0, 2), n => Assert.All(Embed(fromCheckpoint, pixels, 2)[n].Zip(expected[n]), p => Assert.Equal(p.First, p.Second, 5)));
    }

    [Fact]
    public void AttentionPoolingForAnotherTowerOrWithAClosedFormHeadIsAClearError()
    {
        var conv = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv-pooling") with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46, Pooling = BackbonePooling.Attention }));
        var fitted = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("fitted-pooling") with { FitHead = true, Pooling = BackbonePooling.Attention }));
        var fittedBoth = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("fitted-both") with { FitHead = true, Pooling = BackbonePooling.Both }));

        Assert.Contains("--pooling attention", conv.Message, StringComparison.Ordinal);
        Assert.Contains("--fit-head", fitted.Message, StringComparison.Ordinal);
        Assert.Contains("--pooling both", fittedBoth.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "conv-pooling", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, "fitted-pooling", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, "fitted-both", "model.onnx")));
    }

    [Fact]
    public void FeatureStagesBeyondTheNetworksOrForAnotherTowerAreAClearError()
    {
        var five = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("five") with { FeatureStages = 5 }));
        var conv = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv-stages") with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46, FeatureStages = 2 }));

        Assert.Contains("--feature-stages", five.Message, StringComparison.Ordinal);
        Assert.Contains("--feature-stages", conv.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "five", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, "conv-stages", "model.onnx")));
    }

    [Fact]
    public void ABackboneRunRefusesAnotherInputSize()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("small") with { InputHeight = 56, InputWidth = 46 }));

        Assert.Contains("224x224", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandLineGivesTheBackboneTower224ColourInputsAndRefusesOtherChannelCounts()
    {
        Assert.Equal(3, new TrainOptions { Tower = TowerKind.Backbone }.InputChannels);
        Assert.Equal(1, new TrainOptions { Tower = TowerKind.Conv }.InputChannels);
        Refusals.CommandLineRefuses(directory, "--synthetic", "--channels", "2");
    }

    [Fact]
    public void ColourForAGrayTowerIsAClearErrorBeforeAnyTraining()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv") with { Tower = TowerKind.Conv, Channels = 3, InputHeight = 56, InputWidth = 46 }));

        Assert.Contains("backbone", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "conv", "model.onnx")));
    }

    [Fact]
    public void ARefitTrainsAgainOnTheValidationIdentitiesTooAndShipsThatModelWithTheFirstFitsThreshold()
    {
        var options = Options("refit") with { ServedViews = 1 };

        var report = new TrainingPipeline(TextWriter.Null).Run(options);

        var refit = Assert.IsType<Reporting.RefitReport>(report.Refit);
        Assert.True(report.Config.Refit);
        Assert.Equal(report.Identities.Train + report.Identities.Validation, refit.Identities);
        Assert.Equal(report.Images.Train + report.Images.Validation, refit.Images);
        Assert.Equal(options.Epochs, refit.Epochs);
        // The first fit keeps its last epoch too, so the threshold comes from a model trained as long.
        Assert.Equal(options.Epochs, report.BestEpoch);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"the exported refit differs from the report's embeddings by {report.OnnxMaxAbsDifference}");
        Assert.Contains("Refit: the model shipped", File.ReadAllText(Path.Combine(directory, "refit", "report.md")), StringComparison.Ordinal);
        var checkpoints = Path.Combine(directory, "refit", "checkpoints");
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(checkpoints, "best.weights")), File.ReadAllBytes(Path.Combine(checkpoints, "refit", "best.weights")));
        var pixels = Enumerable.Range(0, 2 * 3 * 224 * 224).Select(i => (float)((i * 7919 % 1000) / 1000.0)).ToArray();
        float[][] expected;
        using (var model = new InferenceSession(Path.Combine(directory, "refit", "model.onnx")))
        {
            Assert.Equal(report.Threshold, ModelMetadata.FromDictionary(model.ModelMetadata.CustomMetadataMap).Threshold);
            expected = Embed(model, pixels, 2);
        }

        // export --checkpoint, and a resume of the finished run, give the refit model, not the first fit's.
        var exported = Path.Combine(directory, "refit-exported.onnx");
        Assert.Equal(0, TrainerCli.Run(["export", "--checkpoint", checkpoints, "--out", exported]));
        using (var fromCheckpoint = new InferenceSession(exported))
        {
            Assert.Equal(report.Threshold, ModelMetadata.FromDictionary(fromCheckpoint.ModelMetadata.CustomMetadataMap).Threshold);
            Assert.All(Enumerable.Range(0, 2), n => Assert.All(Embed(fromCheckpoint, pixels, 2)[n].Zip(expected[n]), p => Assert.Equal(p.First, p.Second, 5)));
        }

        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), checkpoints);
        Assert.Equal(report.Threshold, resumed.Threshold);
        Assert.Equal(report.OneShot.Accuracy, resumed.OneShot.Accuracy);
        using var again = new InferenceSession(Path.Combine(directory, "refit", "model.onnx"));
        Assert.All(Enumerable.Range(0, 2), n => Assert.All(Embed(again, pixels, 2)[n].Zip(expected[n]), p => Assert.Equal(p.First, p.Second, 5)));

        // With --fit-head the refit starts from the closed-form fit on its own images, and exports what it reports.
        var fitted = new TrainingPipeline(TextWriter.Null).Run(Options("fitted-refit") with { ServedViews = 1, FitHead = true, Pooling = BackbonePooling.Average });
        Assert.NotNull(fitted.Refit);
        Assert.True(fitted.OnnxMaxAbsDifference < 1e-4, $"the exported fitted refit differs from the report's embeddings by {fitted.OnnxMaxAbsDifference}");

        // --refit false: one fit, its best epoch by validation EER, no refit in the report or the checkpoints.
        var once = new TrainingPipeline(TextWriter.Null).Run(Options("once") with { ServedViews = 1, Refit = false });
        Assert.Null(once.Refit);
        Assert.False(Directory.Exists(Path.Combine(directory, "once", "checkpoints", "refit")));
    }

    [Fact]
    public void ARefitWithoutValidationIdentitiesOrForAnotherTowerIsAClearError()
    {
        var without = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("refit-no-validation") with { ValidationIdentities = 0, Refit = true }));
        var conv = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv-refit") with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46, Refit = true }));

        Assert.Contains("--val-identities", without.Message, StringComparison.Ordinal);
        Assert.Contains("--refit", conv.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "refit-no-validation", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, "conv-refit", "model.onnx")));
    }

    [Fact]
    public void TestViewsForATowerWithoutBackboneFeaturesAreAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv-views") with { Tower = TowerKind.Conv, Channels = 1, InputHeight = 56, InputWidth = 46, ReportTestViews = true }));

        Assert.Contains("--report-test-views", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "conv-views", "model.onnx")));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private TrainOptions Options(string name) => new()
    {
        Synthetic = true,
        SyntheticClasses = 12,
        SyntheticPerClass = 3,
        Tower = TowerKind.Backbone,
        InputHeight = 224,
        InputWidth = 224,
        Views = 1,
        Epochs = 3,
        PairsPerEpoch = 128,
        Episodes = 200,
        TestIdentities = 3,
        ValidationIdentities = 2,
        // The validation identities, as before threshold folds (tested on their own below).
        ThresholdFolds = 0,
        FeatureCache = Path.Combine(directory, "cache"),
        Output = Path.Combine(directory, name),
        Seed = 7,
    };

    /// <summary>The embeddings of one fixed batch of random pixels by the model a run wrote to <paramref name="name"/>.</summary>
    private float[][] Embed(string name)
    {
        using var session = new InferenceSession(Path.Combine(directory, name, "model.onnx"));
        var random = new Random(5);
        var pixels = new float[2 * 3 * 224 * 224];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }

        return Embed(session, pixels, 2);
    }

    private static float[][] Embed(InferenceSession session, float[] pixels, int count)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 3, 224, 224]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [Siamese.Model.ModelMetadataKeys.InputTensor], [input], [Siamese.Model.ModelMetadataKeys.OutputTensor]);
        var values = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var dimension = values.Length / count;
        return [.. Enumerable.Range(0, count).Select(n => values[(n * dimension)..((n + 1) * dimension)])];
    }

    /// <summary>The generated data's first image of each class, as a separate enrolment folder.</summary>
    private string Gallery(TrainOptions options)
    {
        Training.TrainingPipeline.DataFolder(options);
        return Catalogue.FirstImages(Path.Combine(options.Output, "data"), Path.Combine(directory, "gallery"));
    }
}
