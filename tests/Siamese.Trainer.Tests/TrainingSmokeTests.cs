using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Siamese.Model;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Training;
using ModelMetadata = Siamese.Model.ModelMetadata;

namespace Siamese.Trainer.Tests;

/// <summary>One quick run on generated data, shared by the tests below (training is the slow part).</summary>
public sealed class QuickRunFixture : IDisposable
{
    public QuickRunFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "siamese-trainer-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = Directory, Seed = 7, Quick = true });
        Report = new TrainingPipeline(TextWriter.Null).Run(options);
    }

    public string Directory { get; }

    public RunReport Report { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class TrainingSmokeTests(QuickRunFixture run) : IClassFixture<QuickRunFixture>
{
    [Fact]
    public void AQuickRunWritesTheModelTheReportsAndThePlots()
    {
        foreach (var file in new[] { "model.onnx", "report.json", "report.md", "loss.png", "roc.png", "distances.png", "checkpoints/last.json", "checkpoints/best.weights" })
        {
            Assert.True(File.Exists(Path.Combine(run.Directory, file)), $"{file} missing");
        }
    }

    [Fact]
    public void TheExportedModelRunsInOnnxRuntimeAndCarriesTheCalibratedThreshold()
    {
        using var session = new InferenceSession(Path.Combine(run.Directory, "model.onnx"));
        var metadata = ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap);
        var input = new DenseTensor<float>([3, 1, metadata.InputHeight, metadata.InputWidth]);

        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(ModelMetadataKeys.InputTensor, input)]);
        var embedding = outputs.Single(o => o.Name == ModelMetadataKeys.OutputTensor).AsTensor<float>();

        Assert.Equal([3, metadata.EmbeddingDimension], embedding.Dimensions.ToArray());
        Assert.Equal(run.Report.Threshold, metadata.Threshold);
        Assert.Equal("siamese-synthetic", metadata.Name);
        Assert.Equal((56, 46), (metadata.InputHeight, metadata.InputWidth));
        // The Model tab's training summary names the loss the tower trained with (before: only its margin).
        using (var training = JsonDocument.Parse(metadata.TrainingData))
        {
            Assert.Equal(run.Report.Config.Loss.ToString(), training.RootElement.GetProperty("loss").GetString(), ignoreCase: true);
        }

        Assert.True(run.Report.OnnxMaxAbsDifference < 1e-4, $"ONNX differs from TorchSharp by {run.Report.OnnxMaxAbsDifference}");
    }

    [Fact]
    public void TheReportCarriesTheFiguresTheIssueNames()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory, "report.json")));
        var root = json.RootElement;

        Assert.True(root.GetProperty("one_shot").GetProperty("ways").GetInt32() >= 2);
        Assert.InRange(root.GetProperty("one_shot").GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Equal(2, root.GetProperty("one_shot").GetProperty("ci95").GetArrayLength());
        foreach (var key in new[] { "auc", "eer", "tar_at_far_1e-2" })
        {
            Assert.InRange(root.GetProperty("verification").GetProperty(key).GetDouble(), 0, 1);
        }

        Assert.True(root.GetProperty("threshold").GetDouble() > 0);
        Assert.True(root.GetProperty("train_seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("identities").GetProperty("train").GetInt32() >= 2);
        Assert.Equal(
            root.GetProperty("identities").GetProperty("test").GetInt32(),
            root.GetProperty("split").GetProperty("test_identities").GetArrayLength());
        Assert.True(root.GetProperty("gallery_first").GetProperty("probes").GetInt32() > 0);
    }

    [Fact]
    public void EvaluatingTheExportedModelOnItsDataScoresItsRecordedTestIdentities()
    {
        var path = Path.Combine(run.Directory, "eval.json");

        var exit = TrainerCli.Run(["evaluate", "--model", Path.Combine(run.Directory, "model.onnx"), "--data", Path.Combine(run.Directory, "data"), "--episodes", "200", "--out", path]);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var identities = json.RootElement.GetProperty("identities").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(run.Report.Split.TestIdentities, identities);
        // The served model and the trainer's tower see the same inputs: the fixed gallery-first draw agrees.
        Assert.Equal(run.Report.GalleryFirst.Accuracy, json.RootElement.GetProperty("figures").GetProperty("gallery_first").GetProperty("accuracy").GetDouble(), 9);
    }

    [Theory]
    [InlineData("--ways", "1", "--ways must be 0")]
    [InlineData("--ways", "-3", "--ways must be 0")]
    [InlineData("--ways", "50", "--ways 50: ")]
    [InlineData("--episodes", "0", "--episodes must be at least 1")]
    public void EvaluateRefusesWaysAndEpisodesItCannotDrawAndWritesNothing(string option, string value, string named)
    {
        var path = Path.Combine(run.Directory, $"never-{Guid.NewGuid():N}.json");
        var request = new Evaluation.EvaluationRequest(Path.Combine(run.Directory, "model.onnx"), Path.Combine(run.Directory, "data"));

        var error = Assert.Throws<ArgumentException>(() => Evaluation.ModelEvaluation.Run(option == "--ways" ? request with { Ways = int.Parse(value) } : request with { Episodes = int.Parse(value) }));
        var exit = TrainerCli.Run(["evaluate", "--model", request.Model, "--data", request.Data!, option, value, "--out", path]);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, exit);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ExportingTheCheckpointGivesAModelOfTheSameVersion()
    {
        var path = Path.Combine(run.Directory, "exported.onnx");

        var exit = TrainerCli.Run(["export", "--checkpoint", Path.Combine(run.Directory, "checkpoints"), "--out", path]);

        Assert.Equal(0, exit);
        using var session = new InferenceSession(path);
        Assert.Equal(run.Report.Model.Version, ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap).Version);
    }

    [Fact]
    public void TheSameSeedTrainsTheSameWeights()
    {
        var again = Path.Combine(Path.GetTempPath(), "siamese-trainer-again-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = again, Seed = 7, Quick = true });

            var report = new TrainingPipeline(TextWriter.Null).Run(options);

            // The version ends with a hash of the weights file.
            Assert.Equal(run.Report.Model.Version, report.Model.Version);
            Assert.Equal(run.Report.Threshold, report.Threshold);
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    [Fact]
    public void ResumingAFinishedRunTrainsNoFurtherAndGivesTheSameModel()
    {
        var report = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), Path.Combine(run.Directory, "checkpoints", "last.json"));

        Assert.Equal(run.Report.Model.Version, report.Model.Version);
        Assert.Equal(run.Report.OneShot.Accuracy, report.OneShot.Accuracy);
    }
}
