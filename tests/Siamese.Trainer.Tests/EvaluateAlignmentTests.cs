using System.Text.Json;
using Siamese.Model;
using Siamese.Testing;
using Siamese.Trainer.Cli;
using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Tests;

/// <summary>
/// <c>evaluate</c> cuts the images as the model's training images were cut: a face model trained with --align yunet
/// (its metadata says <see cref="ModelCrops.YuNetAligned"/>) is scored on the YuNet-aligned faces, not on the whole
/// pictures resized, so it gives the trainer's figures.
/// </summary>
public sealed class EvaluateAlignmentTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-evaluate-align-" + Guid.NewGuid().ToString("N")[..8]);

    [SharedDataFact]
    public void AFaceModelIsScoredOnTheAlignedFacesItWasTrainedOnFromItsModelFileAndItsCheckpoint()
    {
        var (data, run) = TrainFaceModel();
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "report.json")));
        var eer = report.RootElement.GetProperty("verification").GetProperty("eer").GetDouble();

        var fromModel = Evaluate("--model", Path.Combine(run, "model.onnx"), "--data", data);
        var fromCheckpoint = Evaluate("--model", Path.Combine(run, "checkpoints"));

        // The EER is over every pair of the test images: the same figure only if the same crops were embedded.
        Assert.Equal(eer, fromModel, 9);
        Assert.Equal(eer, fromCheckpoint, 9);
    }

    [SharedDataFact]
    public void OnlyTheImagesOfTheScoredPeopleAreAligned()
    {
        var (data, run) = TrainFaceModel();
        var log = new StringWriter();

        var report = ModelEvaluation.Run(new EvaluationRequest(Path.Combine(run, "model.onnx"), data) { Ways = 4, Episodes = 50, Seed = 1 }, log);

        // The folder holds 14 people's 140 faces; the model's 4 test people are scored, and only their 40 are cut.
        Assert.Equal(4, report.Identities.Count);
        Assert.Contains("Aligned 40 of 40 images", log.ToString(), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void AFaceModelWithADetectorModelThatIsNotThereIsAClearErrorAndWritesNothing()
    {
        var (data, run) = TrainFaceModel();
        var output = Path.Combine(directory, "never.json");

        var exit = TrainerCli.Run(["evaluate", "--model", Path.Combine(run, "model.onnx"), "--data", data, "--detector-model", Path.Combine(directory, "nowhere.onnx"), "--out", output]);

        Assert.Equal(2, exit);
        Assert.False(File.Exists(output));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A patch model (seconds) trained with --align yunet on 14 ORL people copied into the test's folder, 4 of them held out.</summary>
    private (string Data, string Run) TrainFaceModel()
    {
        var data = Path.Combine(directory, "faces");
        foreach (var person in Enumerable.Range(1, 14).Select(i => $"s{i}"))
        {
            var target = Directory.CreateDirectory(Path.Combine(data, person)).FullName;
            foreach (var image in Directory.GetFiles(Path.Combine(SharedData.OrlFaces!, person)))
            {
                File.Copy(image, Path.Combine(target, Path.GetFileName(image)));
            }
        }

        var run = Path.Combine(directory, "run");
        Assert.Equal(0, TrainerCli.Run(["train", "--data", data, "--align", "yunet", "--tower", "patch", "--test-identities", "4", "--episodes", "200", "--out", run]));
        return (data, run);
    }

    private double Evaluate(params string[] model)
    {
        var output = Path.Combine(directory, $"evaluation-{Guid.NewGuid():N}.json");
        Assert.Equal(0, TrainerCli.Run(["evaluate", .. model, "--episodes", "200", "--out", output]));
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        return json.RootElement.GetProperty("figures").GetProperty("verification").GetProperty("eer").GetDouble();
    }
}
