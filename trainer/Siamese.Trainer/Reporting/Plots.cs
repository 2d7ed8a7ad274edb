using SkiaSharp;
using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Reporting;

/// <summary>The run's PNG plots: loss curves, ROC on test identities, genuine vs impostor distance histograms.</summary>
public static class Plots
{
    public const string Loss = "loss.png", RocCurve = "roc.png", DistanceHistogram = "distances.png";

    private static readonly SKColor Blue = new(31, 119, 180), Orange = new(255, 127, 14), Red = new(200, 30, 30);

    public static void Write(string directory, RunReport report, EvaluationResult evaluation)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(evaluation);
        WriteLoss(Path.Combine(directory, Loss), report);
        WriteRoc(Path.Combine(directory, RocCurve), evaluation);
        WriteHistogram(Path.Combine(directory, DistanceHistogram), evaluation, report.Threshold);
    }

    private static void WriteLoss(string path, RunReport report)
    {
        var epochs = report.History.Select(h => (double)h.Epoch).ToArray();
        var train = report.History.Select(h => h.TrainLoss).ToArray();
        var validation = report.History.Select(h => h.ValidationLoss ?? double.NaN).ToArray();
        var top = train.Concat(validation.Where(double.IsFinite)).DefaultIfEmpty(1).Max() * 1.1;
        var labels = LossLabels(report.Config);
        using var chart = new Chart(labels.Title, "epoch", "loss", (epochs.Length > 1 ? 1 : 0, Math.Max(2, epochs.Length)), (0, top));
        chart.Line(epochs, train, Blue, labels.Training);
        if (validation.Any(double.IsFinite))
        {
            chart.Line(epochs, validation, Orange, labels.Validation);
        }

        chart.Save(path);
    }

    /// <summary>
    /// The loss plot's title and legends. The validation identities are always scored with the contrastive loss (on
    /// balanced pairs, the run's margin), whatever loss trains: a supcon run's plot was titled "Contrastive loss", its
    /// training curve (supcon, ~1.3) beside a validation curve of another loss (~0.25) with nothing to tell them apart.
    /// </summary>
    internal static (string Title, string Training, string Validation) LossLabels(Training.TrainOptions config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var validation = FormattableString.Invariant($"validation identities (contrastive, margin {config.Margin:0.##})");
        return config.Loss switch
        {
            Training.LossKind.SupCon => ("Training loss (supervised contrastive), validation loss (contrastive)", "training (supervised contrastive)", validation),
            Training.LossKind.MultiSimilarity => ("Training loss (multi-similarity), validation loss (contrastive)", "training (multi-similarity)", validation),
            _ => ("Contrastive loss", "training pairs", validation),
        };
    }

    private static void WriteRoc(string path, EvaluationResult evaluation)
    {
        var curve = Roc.Curve(evaluation.GenuineDistances, evaluation.ImpostorDistances);
        const double floor = 1e-4;
        using var chart = new Chart("ROC on unseen test identities", "false-accept rate (log)", "true-accept rate", (floor, 1), (0, 1), logX: true);
        chart.Line([.. curve.Select(p => Math.Max(p.Far, floor))], [.. curve.Select(p => p.Tar)], Blue, $"AUC {evaluation.Verification.Auc:F4}");
        chart.Save(path);
    }

    private static void WriteHistogram(string path, EvaluationResult evaluation, float threshold)
    {
        const int bins = 40;
        var max = evaluation.GenuineDistances.Concat(evaluation.ImpostorDistances).Append(threshold).Max() * 1.02;
        var edges = Enumerable.Range(0, bins + 1).Select(i => max * i / bins).ToArray();
        var genuine = Density(evaluation.GenuineDistances, max, bins);
        var impostor = Density(evaluation.ImpostorDistances, max, bins);
        using var chart = new Chart("Pair distances on unseen test identities", "Euclidean distance", "share of pairs", (0, max), (0, Math.Max(genuine.Max(), impostor.Max()) * 1.1));
        chart.Bars(edges, impostor, Orange, "impostor pairs");
        chart.Bars(edges, genuine, Blue, "genuine pairs");
        chart.VerticalLine(threshold, Red, $"threshold {threshold:F3}");
        chart.Save(path);
    }

    private static double[] Density(IReadOnlyCollection<float> values, double max, int bins)
    {
        var counts = new double[bins];
        foreach (var v in values)
        {
            counts[Math.Clamp((int)(v / max * bins), 0, bins - 1)]++;
        }

        return [.. counts.Select(c => c / Math.Max(1, values.Count))];
    }
}
