using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Siamese.Trainer.Reporting;

/// <summary>The human-readable forms of a report: a console headline and report.md.</summary>
public static class ReportText
{
    public static string Headline(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture, $"{report.Model.Tower}: one-shot {report.OneShot.Ways}-way {report.OneShot.Accuracy:P2} " +
            $"[{report.OneShot.Ci95[0]:P1}, {report.OneShot.Ci95[1]:P1}], EER {report.Verification.Eer:P2}, AUC {report.Verification.Auc:F4}, " +
            $"TAR@FAR1e-2 {report.Verification.TarAtFar1e2:P1}, gallery-first {report.GalleryFirst.Accuracy:P2}, train {report.TrainSeconds:F0}s");
    }

    public static string Markdown(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"# Training report: {report.Model.Name}:{report.Model.Version}"));
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Tower **{report.Model.Tower}** ({report.Model.EmbeddingDim}-d embedding, input {report.Model.Input}), trained {report.TrainSeconds:F0} s, " +
            $"{report.EpochsRun} epochs (best on validation: {report.BestEpoch}). Identities: {report.Identities.Train} train, " +
            $"{report.Identities.Validation} validation, {report.Identities.Test} test (never seen in training). Images: " +
            $"{report.Images.Train} / {report.Images.Validation} / {report.Images.Test}."));
        if (report.Refit is { } refit)
        {
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Refit: the model shipped was trained again from the same start on {refit.Identities} identities (training and validation together, {refit.Images} images and views), {refit.Epochs} epochs in {refit.Seconds:F0} s, with the threshold the first fit calibrated on the validation identities. The figures below are the refit model's; the validation figures and the loss curves are the first fit's."));
        }

        if (report.Cohort is { } cohort)
        {
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Cohort scaling (each embedding divided by its mean distance to the {cohort.Nearest} nearest training people after the nearest): the threshold folds' held-out EER {cohort.FoldsEerScaled:P1} with it against {cohort.FoldsEer:P1} without, one-shot {cohort.FoldsOneShotScaled:P1} against {cohort.FoldsOneShot:P1}: ") +
                (cohort.Chosen
                    ? string.Create(CultureInfo.InvariantCulture, $"kept. The model holds the embeddings of {cohort.Faces:N0} faces of its {cohort.People} training people for it (`--cohort-people 0` trains a model without them).")
                    : "left out; the model holds no training faces."));
        }

        md.AppendLine();
        md.AppendLine("## Unseen test identities");
        md.AppendLine();
        md.AppendLine("| figure | " + report.Model.Tower + (report.Baseline is null ? " |" : " | baseline |"));
        md.AppendLine(report.Baseline is null ? "|---|---|" : "|---|---|---|");
        var rows = new (string Name, Func<RunSummary, string> Value)[]
        {
            (string.Create(CultureInfo.InvariantCulture, $"one-shot {report.OneShot.Ways}-way accuracy ({report.OneShot.Episodes} episodes, 95% interval)"), s => string.Create(CultureInfo.InvariantCulture, $"{s.OneShot.Accuracy:P2} [{s.OneShot.Ci95[0]:P1}, {s.OneShot.Ci95[1]:P1}]")),
            ("ROC AUC", s => string.Create(CultureInfo.InvariantCulture, $"{s.Verification.Auc:F4}")),
            ("EER", s => string.Create(CultureInfo.InvariantCulture, $"{s.Verification.Eer:P2}")),
            ("TAR at FAR 1e-2", s => string.Create(CultureInfo.InvariantCulture, $"{s.Verification.TarAtFar1e2:P2}")),
            ("TAR at FAR 1e-3", s => string.Create(CultureInfo.InvariantCulture, $"{s.Verification.TarAtFar1e3:P2}")),
            (string.Create(CultureInfo.InvariantCulture, $"threshold (calibrated on validation at FAR {report.ThresholdFar:G3})"), s => string.Create(CultureInfo.InvariantCulture, $"{s.Threshold:F4}")),
            ("at that threshold: TAR / FAR on test", s => string.Create(CultureInfo.InvariantCulture, $"{s.Verification.TarAtThreshold:P2} / {s.Verification.FarAtThreshold:P3}")),
            ("verification accuracy at that threshold (balanced)", s => string.Create(CultureInfo.InvariantCulture, $"{s.Verification.AccuracyAtThreshold:P2}")),
            ("open set: non-enrolled probes answered \"unknown\"", s => string.Create(CultureInfo.InvariantCulture, $"{s.OpenSet.UnknownRejected:P2}")),
            ("open set: enrolled probes answered correctly", s => string.Create(CultureInfo.InvariantCulture, $"{s.OpenSet.KnownCorrect:P2}")),
            (string.Create(CultureInfo.InvariantCulture, $"gallery = first image, {report.GalleryFirst.Probes} probes, {report.GalleryFirst.Ways}-way"), s => string.Create(CultureInfo.InvariantCulture, $"{s.GalleryFirst.Accuracy:P2}")),
            ("classic figure on test identities (genuine share below 0.5)", s => string.Create(CultureInfo.InvariantCulture, $"{s.Classic.GenuineShareBelowCutoff:P2}")),
            ("training seconds", s => string.Create(CultureInfo.InvariantCulture, $"{s.TrainSeconds:F0}")),
        };
        var own = report.Summary();
        foreach (var (name, value) in rows)
        {
            md.AppendLine($"| {name} | {value(own)} |" + (report.Baseline is null ? "" : $" {value(report.Baseline)} |"));
        }

        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"ONNX Runtime vs TorchSharp on the test images: largest embedding difference {report.OnnxMaxAbsDifference:G3}."));
        if (report.ClassicSplit is { } classic)
        {
            md.AppendLine();
            md.AppendLine("## The classic pair split");
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Trained on {classic.TrainPairs} and tested on {classic.TestPairs} pairs drawn from all {classic.Identities} identities: " +
                $"genuine share among pairs closer than 0.5 = **{classic.Classic.GenuineShareBelowCutoff:P2}** (pair accuracy at 0.5: {classic.Classic.Accuracy:P2}), " +
                $"to set beside the often-quoted 97.8% on ORL."));
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"That figure overstates one-shot performance: every test identity was seen in training, {classic.TestPairsAlsoInTraining:P0} of the " +
                $"test pairs are literally training pairs, and it scores pairs rather than picking one person out of a gallery of new people — " +
                $"the one-shot accuracy above, on identities never seen in training, is the honest measure. Even on the unseen test identities " +
                $"the same classic figure reads {report.Classic.GenuineShareBelowCutoff:P1} while {report.OneShot.Ways}-way one-shot accuracy is {report.OneShot.Accuracy:P1}: " +
                $"balanced pairs are mostly easy, picking the right person among {report.OneShot.Ways} is not."));
        }

        md.AppendLine();
        md.AppendLine("## Plots");
        md.AppendLine();
        md.AppendLine($"![loss curves]({Plots.Loss}) ![ROC]({Plots.RocCurve}) ![distances]({Plots.DistanceHistogram})");
        md.AppendLine();
        md.AppendLine("## Configuration");
        md.AppendLine();
        md.AppendLine("```json");
        md.AppendLine(JsonSerializer.Serialize(report.Config, Json.Options));
        md.AppendLine("```");
        return md.ToString();
    }

}
