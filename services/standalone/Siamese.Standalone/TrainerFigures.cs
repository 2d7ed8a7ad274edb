using System.Text.Json;

namespace Siamese.Standalone;

/// <summary>The trainer's own figures for the model (report.json beside model.onnx), to set beside what the demo measures.</summary>
/// <param name="Ways">N of the trainer's one-shot test.</param>
/// <param name="Episodes">Its random episodes.</param>
/// <param name="OneShot">Its one-shot accuracy: per episode, a random gallery image of each of N classes and one probe.</param>
/// <param name="GalleryFirst">The same fixed draw as the demo (first image enrolled, all others probes), offline through ONNX Runtime.</param>
/// <param name="ThresholdFar">The false-accept rate the threshold was calibrated for.</param>
/// <param name="TarAtThreshold">Share of genuine test pairs within the threshold.</param>
/// <param name="TrainedOn">The folder the model was trained on (<c>config.data</c>); null when the report does not say.</param>
public sealed record TrainerFigures(int Ways, int Episodes, double OneShot, double GalleryFirst, double ThresholdFar, double TarAtThreshold, string? TrainedOn = null)
{
    /// <summary>
    /// Whether the one-shot figures and the test classes of the report are about <paramref name="dataFolder"/>: true when
    /// the report names that folder, or names none (an older report).
    /// </summary>
    public bool Describes(string dataFolder) =>
        TrainedOn is null || string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(TrainedOn)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataFolder)), StringComparison.Ordinal);

    /// <summary>Reads report.json; null when there is none (a model passed with --model and no report beside it).</summary>
    public static TrainerFigures? Read(string reportPath)
    {
        if (!File.Exists(reportPath))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(reportPath));
        var root = json.RootElement;
        var oneShot = root.GetProperty("one_shot");
        return new TrainerFigures(
            oneShot.GetProperty("ways").GetInt32(),
            oneShot.GetProperty("episodes").GetInt32(),
            oneShot.GetProperty("accuracy").GetDouble(),
            root.GetProperty("gallery_first").GetProperty("accuracy").GetDouble(),
            root.GetProperty("threshold_far").GetDouble(),
            root.GetProperty("verification").GetProperty("tar_at_threshold").GetDouble(),
            root.TryGetProperty("config", out var config) && config.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(data.GetString()) ? data.GetString() : null);
    }
}
