using System.Text.Json;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>A quick run on generated items with a gallery of one enrolment image per class (each class's first image).</summary>
public sealed class GalleryRunFixture : IDisposable
{
    public GalleryRunFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "siamese-evaluate-gallery-" + Guid.NewGuid().ToString("N")[..8]);
        Data = Path.Combine(Directory, "data");
        if (TrainerCli.Run(["generate", "--out", Data, "--classes", "20", "--per-class", "8", "--seed", "5"]) != 0)
        {
            throw new InvalidOperationException("generate failed");
        }

        Gallery = Catalogue.FirstImages(Data, Path.Combine(Directory, "gallery"));

        Run = Path.Combine(Directory, "run");
        Options = TrainingDefaults.Quick(new TrainOptions { Data = Data, Gallery = Gallery, Output = Run, Seed = 7, Quick = true, Tower = Towers.TowerKind.Conv });
        Report = new TrainingPipeline(TextWriter.Null).Run(Options);
    }

    public string Directory { get; }

    public string Data { get; }

    public string Gallery { get; }

    public string Run { get; }

    public TrainOptions Options { get; }

    public RunReport Report { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// <c>evaluate --gallery</c>: the scored identities identified against a folder of enrolment images (a catalogue image
/// per product), cut as the data's images, with the trainer's draws, so a model gives the figure its run reported.
/// </summary>
public sealed class EvaluateGalleryTests(GalleryRunFixture run) : IClassFixture<GalleryRunFixture>
{
    [Fact]
    public void TheModelFileAndTheCheckpointGiveTheRunsFigureAgainstTheGallery()
    {
        var trained = run.Report.EnrolledGallery!;

        foreach (var model in new[] { Path.Combine(run.Run, "model.onnx"), Path.Combine(run.Run, "checkpoints") })
        {
            var report = ModelEvaluation.Run(new EvaluationRequest(model, run.Data) { Ways = trained.Ways, Episodes = trained.Episodes, Seed = run.Options.Seed, Gallery = run.Gallery });

            Assert.Equal(run.Report.Split.TestIdentities, report.Identities);
            // One enrolment image per test class: the gallery's images of other classes are not enrolled.
            Assert.Equal(run.Report.Split.TestIdentities.Count, report.GalleryImages);
            Assert.Equal(trained.Ways, report.EnrolledGallery!.Ways);
            Assert.Equal(trained.Episodes, report.EnrolledGallery.Episodes);
            Assert.Equal(trained.Accuracy, report.EnrolledGallery.Accuracy, 9);
        }
    }

    [Fact]
    public void TheCommandPrintsAndWritesTheFigureAgainstTheGallery()
    {
        var path = Path.Combine(run.Directory, "with-gallery.json");
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = TrainerCli.Run(["evaluate", "--model", Path.Combine(run.Run, "model.onnx"), "--data", run.Data, "--gallery", run.Gallery, "--episodes", "300", "--out", path]);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal(0, exit);
        Assert.Contains($"Against the gallery ({Path.GetFullPath(run.Gallery)}, {run.Report.Split.TestIdentities.Count} images enrolled): ", output.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(300, json.RootElement.GetProperty("enrolled_gallery").GetProperty("episodes").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("enrolled_gallery").GetProperty("accuracy").GetDouble(), 0, 1);
    }

    [Fact]
    public void AFolderWithoutTheModelsTestIdentitiesSaysWhatItScoresAndWhatItLeavesOut()
    {
        // The data again, but the first test identity down to one image and a class of one image beside it.
        var folder = Path.Combine(run.Directory, "changed-data");
        foreach (var source in Directory.GetDirectories(run.Data))
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, Path.GetFileName(source))).FullName;
            var files = Directory.GetFiles(source).Order(StringComparer.Ordinal).ToArray();
            foreach (var file in Path.GetFileName(source) == run.Report.Split.TestIdentities[0] ? files[..1] : files)
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        Directory.CreateDirectory(Path.Combine(folder, "lonely"));
        var noise = new byte[48 * 48];
        new Random(3).NextBytes(noise);
        File.WriteAllBytes(Path.Combine(folder, "lonely", "only.pgm"), [.. "P5\n48 48\n255\n"u8, .. noise]);
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = TrainerCli.Run(["evaluate", "--model", Path.Combine(run.Run, "model.onnx"), "--data", folder, "--episodes", "50"]);
        }
        finally
        {
            Console.SetOut(console);
        }

        // Before: the figure covered the folder's 19 scorable classes, training ones included, without a word.
        var tested = run.Report.Split.TestIdentities.Count;
        Assert.Equal(0, exit);
        Assert.Contains($"The model's {tested} test identities are not all in '{folder}' with two images or more ({tested - 1} are): every identity of the folder with two or more is scored instead (19).", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"Left out: 2 classes with a single image ({run.Report.Split.TestIdentities[0]}, lonely)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("19 identities, ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AGalleryThatIsNotThereOrHasNoScoredClassIsAClearErrorAndWritesNothing()
    {
        var elsewhere = Path.Combine(run.Directory, "other-gallery");
        Directory.CreateDirectory(Path.Combine(elsewhere, "not-a-class"));
        File.Copy(Directory.GetFiles(Path.Combine(run.Gallery, run.Report.Split.TestIdentities[0])).Single(), Path.Combine(elsewhere, "not-a-class", "catalogue.png"));
        var missing = Assert.Throws<ArgumentException>(() => ModelEvaluation.Run(new EvaluationRequest(Path.Combine(run.Run, "model.onnx"), run.Data) { Gallery = Path.Combine(run.Directory, "nowhere") }));
        var unmatched = Assert.Throws<ArgumentException>(() => ModelEvaluation.Run(new EvaluationRequest(Path.Combine(run.Run, "model.onnx"), run.Data) { Gallery = elsewhere }));

        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("has images of 0 of the", unmatched.Message, StringComparison.Ordinal);
        Assert.Contains($"'{run.Report.Split.TestIdentities[0]}'", unmatched.Message, StringComparison.Ordinal);
        var path = Path.Combine(run.Directory, "never.json");
        Assert.Equal(2, TrainerCli.Run(["evaluate", "--model", Path.Combine(run.Run, "model.onnx"), "--data", run.Data, "--gallery", elsewhere, "--out", path]));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void TrainRefusesAGalleryWithNoClassOfTheDataAndSaysWhyARunHasNoFigureAgainstIt()
    {
        var strangers = Path.Combine(run.Directory, "strangers-gallery");
        Directory.CreateDirectory(Path.Combine(strangers, "not-a-class"));
        File.Copy(Directory.GetFiles(Path.Combine(run.Gallery, run.Report.Split.TestIdentities[0])).Single(), Path.Combine(strangers, "not-a-class", "catalogue.png"));
        var refused = Path.Combine(run.Directory, "refused");

        var wrong = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(run.Options with { Gallery = strangers, Output = refused }));
        var missing = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(run.Options with { Gallery = Path.Combine(run.Directory, "nowhere"), Output = refused }));

        Assert.Contains("has no image in a sub-folder named as a class of --data", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Equal(2, TrainerCli.Run(["train", "--data", run.Data, "--gallery", strangers, "--quick", "--out", refused]));
        Assert.False(Directory.Exists(refused));

        // One test class in the gallery: the run trains, and says why it has no figure against the gallery.
        var one = Catalogue.FirstImages(run.Data, Path.Combine(run.Directory, "one-test-class"), [run.Report.Split.TestIdentities[0]]);
        var log = new StringWriter();
        var report = new TrainingPipeline(log).Run(run.Options with { Gallery = one, Output = Path.Combine(run.Directory, "one-run") });

        Assert.Null(report.EnrolledGallery);
        Assert.Contains($"Against the gallery ({one}): no figure, it has images of fewer than two of the {run.Report.Split.TestIdentities.Count} test identities.", log.ToString(), StringComparison.Ordinal);
    }
}
