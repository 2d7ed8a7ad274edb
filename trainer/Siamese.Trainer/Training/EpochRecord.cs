namespace Siamese.Trainer.Training;

/// <summary>One epoch of training: the figures the loss-curve plot and the report show.</summary>
public sealed record EpochRecord(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double? ValidationLoss,
    double? ValidationEer,
    double? ValidationAuc,
    double Seconds);
