using System.Globalization;

namespace Siamese.Standalone;

/// <summary>
/// What the demo prints at the end: each figure with what it counts, so that the served accuracy, the trainer's
/// figures and the "unknown" answers can be read side by side.
/// </summary>
public static class DemoSummary
{
    /// <param name="sameData">Whether the trainer's one-shot figures are about the demo's data (false for a model trained on other data).</param>
    public static void Print(TextWriter output, OneShotRun run, OneShotDraw draw, TrainerFigures? trainer, bool sameData = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(draw);
        var inv = CultureInfo.InvariantCulture;
        var classes = draw.UnseenIdentities ? $"{draw.Gallery.Count} classes held out of training" : $"all {draw.Gallery.Count} classes";
        output.WriteLine();
        output.WriteLine($"Results ({classes}; the first image of each enrolled, the other {run.Probes} identified over gRPC):");
        output.WriteLine(string.Create(inv,
            $"  one-shot accuracy    {run.Accuracy,6:P1}  {run.Correct} of {run.Probes} probes: the nearest enrolled class is the probe's own ({draw.Gallery.Count}-way)."));
        if (trainer is not null && sameData)
        {
            output.WriteLine(string.Create(inv,
                $"  trainer, same draw   {trainer.GalleryFirst,6:P1}  the trainer's offline figure for this draw (report.json gallery_first): served and offline should agree."));
            output.WriteLine(string.Create(inv,
                $"  trainer, random draw {trainer.OneShot,6:P1}  its one-shot figure over {trainer.Episodes:N0} random {trainer.Ways}-way episodes (a random enrolled image per class each time), not this fixed draw."));
        }

        var unknown = run.Probes - run.Known;
        output.WriteLine(string.Create(inv,
            $"  answered \"known\"     {(double)run.Known / Math.Max(1, run.Probes),6:P1}  {run.Known} of {run.Probes} probes were within the model's threshold ({run.KnownCorrect} of them with the right class); {unknown} were answered \"unknown\"."));
        var far = trainer is null ? "a low false-accept rate" : string.Create(inv, $"at most {trainer.ThresholdFar:P1} of comparisons between different classes");
        output.WriteLine($"  Every probe here belongs to an enrolled class, so each \"unknown\" is a genuine match turned away: the threshold is set to accept {far},");
        output.WriteLine(trainer is null
            ? "  which keeps strangers out at the cost of some genuine probes."
            : string.Create(inv, $"  which on the trainer's unseen classes accepted {trainer.TarAtThreshold:P1} of genuine pairs. A higher --calibrate-far (train) accepts more of both."));
        output.WriteLine(string.Create(inv,
            $"  enrol latency        p50 {OneShotRun.Percentile(run.EnrolMs, 50):0.00} ms, p95 {OneShotRun.Percentile(run.EnrolMs, 95):0.00} ms ({run.EnrolMs.Count} calls)"));
        output.WriteLine(string.Create(inv,
            $"  identify latency     p50 {OneShotRun.Percentile(run.IdentifyMs, 50):0.00} ms, p95 {OneShotRun.Percentile(run.IdentifyMs, 95):0.00} ms ({run.IdentifyMs.Count} sequential calls, {run.Probes / Math.Max(run.Seconds, 1e-9):0} per second)"));
    }
}
