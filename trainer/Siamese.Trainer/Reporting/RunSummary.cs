using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Reporting;

/// <summary>The headline figures of a run, for setting two runs side by side (default vs baseline tower).</summary>
public sealed record RunSummary(
    string Tower,
    int EmbeddingDim,
    double TrainSeconds,
    int EpochsRun,
    int BestEpoch,
    float Threshold,
    VerificationResult Verification,
    OneShotResult OneShot,
    OpenSetResult OpenSet,
    GalleryFirstResult GalleryFirst,
    ClassicResult Classic);
