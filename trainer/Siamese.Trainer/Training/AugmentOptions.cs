namespace Siamese.Trainer.Training;

/// <summary>Random geometric and photometric changes applied to training batches (never to evaluation).</summary>
/// <param name="MaxShift">Largest shift as a share of the image size.</param>
/// <param name="MaxScale">Largest zoom in or out, as a share (0.08 = 92%..108%).</param>
/// <param name="MaxRotationDegrees">Largest rotation either way.</param>
/// <param name="MaxBrightness">Largest brightness change, as a share of the full pixel range.</param>
/// <param name="MaxContrast">Largest contrast change, as a share (0.2 = 80%..120%).</param>
/// <param name="FlipProbability">Chance of a left-right mirror (a face turned left looks like one turned right).</param>
public sealed record AugmentOptions(
    double MaxShift = 0.03,
    double MaxScale = 0.05,
    double MaxRotationDegrees = 5,
    double MaxBrightness = 0.05,
    double MaxContrast = 0.1,
    double FlipProbability = 0);
