namespace Siamese.Trainer.Reporting;

/// <summary>
/// The backbone tower's refit (<c>--refit</c>): the head trained again on <see cref="Identities"/> (training and
/// validation together; <see cref="Images"/> images and views) for <see cref="Epochs"/> epochs in <see cref="Seconds"/>.
/// Its model is the one shipped, with the threshold the first fit calibrated on the validation identities; the report's
/// test figures are its own.
/// </summary>
public sealed record RefitReport(int Identities, int Images, int Epochs, double Seconds);
