using Siamese.Trainer.Data;
using Siamese.Trainer.Reporting;

namespace Siamese.Trainer.Training;

/// <summary>
/// What a resumed run needs besides the weights and optimiser files beside it. Sampling is seeded per epoch
/// from (seed, epoch), so a run resumed after epoch k repeats the remaining epochs of an uninterrupted run.
/// </summary>
public sealed record CheckpointState
{
    /// <summary>Epochs completed.</summary>
    public required int Epoch { get; init; }

    public required TrainOptions Options { get; init; }

    public required IdentitySplit Split { get; init; }

    public required PixelStatistics Pixels { get; init; }

    public required IReadOnlyList<EpochRecord> History { get; init; }

    public int BestEpoch { get; init; }

    public double BestScore { get; init; } = double.PositiveInfinity;

    public int EpochsSinceBest { get; init; }

    public double TrainSeconds { get; init; }

    /// <summary>The threshold calibrated on validation identities after the best epoch (used by export).</summary>
    public float Threshold { get; init; }

    /// <summary>What <see cref="Threshold"/> rests on (how many identities and impostor pairs); null in older checkpoints.</summary>
    public CalibrationBasis? Calibration { get; init; }

    /// <summary>File names (beside the checkpoint) of the last weights, the best weights and the optimiser state.</summary>
    public string Weights { get; init; } = CheckpointStore.LastWeights;

    public string BestWeights { get; init; } = CheckpointStore.BestWeightsFile;

    public string OptimizerState { get; init; } = CheckpointStore.LastOptimizer;

    public bool Finished { get; init; }

    /// <summary>
    /// The face tower's cohort scaling, chosen by its threshold folds: the nearest people after the nearest averaged
    /// over (<see cref="Towers.FaceCohort"/>), 0 for none (and in older checkpoints). The cohort itself is embedded
    /// again from the training images by the final weights.
    /// </summary>
    public int CohortNearest { get; init; }

    /// <summary>The folds' figures that chose or left out the cohort scaling (report.json's <c>cohort</c>); null without folds, with --cohort-people 0, and in older checkpoints.</summary>
    public CohortReport? Cohort { get; init; }
}
