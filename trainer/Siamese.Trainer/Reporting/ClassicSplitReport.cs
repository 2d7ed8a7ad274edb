using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Reporting;

/// <summary>
/// A run on the classic pair split (all identities, 75/25 of 20,000 pairs). <see cref="TestPairsAlsoInTraining"/>
/// is the share of test pairs that also occur, as the same two images, among the training pairs.
/// </summary>
public sealed record ClassicSplitReport(
    string Tower,
    int Identities,
    int TrainPairs,
    int TestPairs,
    double TestPairsAlsoInTraining,
    double TrainSeconds,
    ClassicResult Classic,
    string Note);
