using Microsoft.ML.OnnxRuntime;
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

        var report = new TrainingPipeline(TextWriter.Null).Run(options with { Gallery = gallery, GalleryEveryStep = true });

        Assert.Equal("backbone", report.Model.Tower);
        Assert.Equal("3x224x224", report.Model.Input);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"ONNX differs from TorchSharp by {report.OnnxMaxAbsDifference}");
        Assert.True(report.Backbone!.BackboneParityMaxAbsDifference < 1e-4, $"the merged backbone differs from the package's by {report.Backbone.BackboneParityMaxAbsDifference}");
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
        var second = new TrainingPipeline(TextWriter.Null).Run(Options("second") with { Seed = 8, Data = options.Output + "/data", Synthetic = false });
        Assert.Equal(0, second.Backbone!.Computed);
        Assert.Null(second.Backbone.TestViews);

        // --report-test-views: three more views of each test and test-class enrolment image, scored with the report's draws.
        var viewed = new TrainingPipeline(TextWriter.Null).Run(Options("views") with { Seed = 8, Data = options.Output + "/data", Synthetic = false, Gallery = gallery, ReportTestViews = true });
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
        Assert.Equal(2, TrainerCli.Run(["train", "--synthetic", "--channels", "2", "--out", Path.Combine(directory, "never")]));
    }

    [Fact]
    public void ColourForAGrayTowerIsAClearErrorBeforeAnyTraining()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(Options("conv") with { Tower = TowerKind.Conv, Channels = 3, InputHeight = 56, InputWidth = 46 }));

        Assert.Contains("backbone", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "conv", "model.onnx")));
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
        FeatureCache = Path.Combine(directory, "cache"),
        Output = Path.Combine(directory, name),
        Seed = 7,
    };

    /// <summary>The generated data's first image of each class, as a separate enrolment folder.</summary>
    private string Gallery(TrainOptions options)
    {
        Training.TrainingPipeline.DataFolder(options);
        var gallery = Path.Combine(directory, "gallery");
        foreach (var classFolder in Directory.GetDirectories(Path.Combine(options.Output, "data")))
        {
            var target = Path.Combine(gallery, Path.GetFileName(classFolder));
            Directory.CreateDirectory(target);
            File.Copy(Directory.GetFiles(classFolder).Order().First(), Path.Combine(target, "catalogue.png"));
        }

        return gallery;
    }
}
