using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Reporting;

/// <summary>report.json: everything a reader needs to judge and reproduce a run.</summary>
public sealed record RunReport
{
    public required ModelInfo Model { get; init; }

    public required TrainOptions Config { get; init; }

    public required IdentityCounts Identities { get; init; }

    public required SplitReport Split { get; init; }

    public required IdentityCounts Images { get; init; }

    /// <summary>Calibrated on validation identities at <see cref="ThresholdFar"/>; stored in the model.</summary>
    public required float Threshold { get; init; }

    public required double ThresholdFar { get; init; }

    /// <summary>What the threshold rests on (identities, impostor pairs) and, when too little, the warning the run printed.</summary>
    public CalibrationBasis? Calibration { get; init; }

    public required double TrainSeconds { get; init; }

    public required int EpochsRun { get; init; }

    public required int BestEpoch { get; init; }

    public required VerificationResult Verification { get; init; }

    public required OneShotResult OneShot { get; init; }

    public required OpenSetResult OpenSet { get; init; }

    public required GalleryFirstResult GalleryFirst { get; init; }

    /// <summary>The classic "genuine share below 0.5" figure, on pairs of unseen identities.</summary>
    public required ClassicResult Classic { get; init; }

    /// <summary>N-way identification of test images against the <c>--gallery</c> enrolment images (e.g. iconic → shelf photos); null without one.</summary>
    public OneShotResult? EnrolledGallery { get; init; }

    /// <summary>Backbone tower with --refit: the second fit, on training and validation identities, whose model is the one shipped; null without.</summary>
    public RefitReport? Refit { get; init; }

    /// <summary>Face tower with threshold folds: whether they kept the cohort scaling, on what figures, and what the model holds for it; null otherwise.</summary>
    public CohortReport? Cohort { get; init; }

    /// <summary>Backbone tower: how its features were had (computed or cached, how fast).</summary>
    public BackboneFeatureReport? Backbone { get; init; }

    /// <summary>Largest difference between TorchSharp and ONNX Runtime embeddings of the test images.</summary>
    public double? OnnxMaxAbsDifference { get; init; }

    public required IReadOnlyList<EpochRecord> History { get; init; }

    public RunSummary? Baseline { get; init; }

    public ClassicSplitReport? ClassicSplit { get; init; }

    public RunSummary Summary() => new(
        Model.Tower, Model.EmbeddingDim, TrainSeconds, EpochsRun, BestEpoch, Threshold, Verification, OneShot, OpenSet, GalleryFirst, Classic);
}
