namespace Siamese.Trainer.Suite;

/// <summary>bench/results/trainer-suite.json: the command that reproduces it, when and where, every dataset's runs.</summary>
public sealed record SuiteResults(
    string Command,
    string MeasuredAt,
    MachineInfo Machine,
    string Note,
    double SuiteSeconds,
    IReadOnlyList<SuiteDatasetResult> Datasets)
{
    /// <summary>False while the suite is still running (the file is rewritten after every dataset) or when it was stopped.</summary>
    public bool Complete { get; init; }
}

/// <summary>Cores, CPU model, and the load average over the run (the machine is shared: timings are relative).</summary>
public sealed record MachineInfo(int Cores, string CpuModel, double? LoadAverageStart, double? LoadAverageEnd);

/// <summary>
/// One task of one dataset. grocery_produce has four: one-shot among shelf photos and iconic enrolment, both from the
/// models trained with the catalogue images (--gallery), and the same two from the default tower (and
/// <see cref="SuiteRunner.IconicPeer"/>) trained without them (<see cref="SuiteRunner.WithoutGalleryTask"/>, <see cref="SuiteRunner.IconicWithoutGalleryTask"/>; the catalogue
/// images only scored, --train-on-gallery false), the model a user who enrols photos trains.
/// </summary>
public sealed record SuiteDatasetResult(
    string Name,
    string Task,
    int Ways,
    string DefaultTower,
    IReadOnlyList<SuiteRun> Runs,
    IReadOnlyList<SuiteTowerSummary> Summary,
    IReadOnlyList<SuiteSkip> Skipped);

/// <summary>
/// One trained model: N-way one-shot accuracy on unseen classes (mean over episodes, Wilson 95% interval), EER over all
/// pairs of their images, training seconds, and embedding throughput of its model.onnx through ONNX Runtime.
/// </summary>
public sealed record SuiteRun(string Tower, string Loss, int Seed, double Accuracy, double[] Ci95, double Eer, double TrainSeconds, double ImagesPerS);

/// <summary>Per tower: runs, mean and worst accuracy, mean EER and training seconds.</summary>
public sealed record SuiteTowerSummary(string Tower, int Runs, double MeanAccuracy, double MinAccuracy, double MeanEer, double MeanTrainSeconds, double MeanImagesPerS)
{
    public static IReadOnlyList<SuiteTowerSummary> Of(IEnumerable<SuiteRun> runs) =>
    [
        .. runs.GroupBy(r => r.Tower).Select(g => new SuiteTowerSummary(
            g.Key,
            g.Count(),
            g.Average(r => r.Accuracy),
            g.Min(r => r.Accuracy),
            g.Average(r => r.Eer),
            g.Average(r => r.TrainSeconds),
            g.Average(r => r.ImagesPerS))),
    ];
}

/// <summary>A planned run that did not run, and why (a tower or option not in this trainer, data not found, a failed run).</summary>
public sealed record SuiteSkip(string Tower, int? Seed, string Reason);
