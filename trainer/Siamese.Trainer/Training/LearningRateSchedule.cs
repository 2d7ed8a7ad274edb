namespace Siamese.Trainer.Training;

/// <summary>
/// Per-epoch learning rate: one warm-up epoch at a tenth, then cosine decay to 1% of the base rate by the last
/// epoch. A pure function of the epoch, so a resumed run gets exactly the rates it would have had.
/// </summary>
public static class LearningRateSchedule
{
    public static double At(int epoch, int epochs, double baseRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        if (epoch == 0 && epochs > 2)
        {
            return baseRate / 10;
        }

        var progress = epochs <= 1 ? 0 : (double)epoch / (epochs - 1);
        const double floor = 0.01;
        return baseRate * (floor + ((1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
    }
}
