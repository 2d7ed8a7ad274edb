using System.Diagnostics;
using System.Globalization;

namespace Siamese.Trainer.Training;

/// <summary>
/// One-line progress on stderr: bar, epoch, running loss, time left (from the average step time so far).
/// Redraws in place on a terminal, at most a few times a second; when redirected, only epoch lines are written.
/// </summary>
public sealed class ProgressBar(TextWriter writer, int totalSteps, bool interactive)
{
    private const int Width = 30;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    // Null until the first draw: the first step always draws (a MinValue sentinel overflowed the subtraction).
    private TimeSpan? lastDraw;
    private int stepsDone;

    public static ProgressBar ForConsole(int totalSteps) => new(Console.Error, totalSteps, !Console.IsErrorRedirected);

    public void Step(int epoch, int epochs, double loss)
    {
        stepsDone++;
        if (!interactive || (lastDraw is { } last && clock.Elapsed - last < TimeSpan.FromMilliseconds(250)))
        {
            return;
        }

        lastDraw = clock.Elapsed;
        var share = Math.Min(1, (double)stepsDone / totalSteps);
        var filled = (int)(share * Width);
        writer.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] epoch {epoch}/{epochs} loss {loss:F4} left {Format(Left())}   "));
    }

    /// <summary>Ends the epoch's line with the validation figures.</summary>
    public void EndEpoch(EpochRecord record, int epochs)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (interactive)
        {
            writer.Write('\r');
        }

        var validation = record.ValidationLoss is { } vl
            ? string.Create(CultureInfo.InvariantCulture, $" val loss {vl:F4} val EER {record.ValidationEer:P1}")
            : "";
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}/{epochs} lr {record.LearningRate:G3} loss {record.TrainLoss:F4}{validation} ({record.Seconds:F1}s, left {Format(Left())})          "));
    }

    /// <summary>Steps of epochs that will not run (early stop) no longer count toward the estimate.</summary>
    public void Skip(int steps) => totalSteps = Math.Max(stepsDone, totalSteps - steps);

    private TimeSpan Left() =>
        stepsDone == 0 ? TimeSpan.Zero : clock.Elapsed / stepsDone * Math.Max(0, totalSteps - stepsDone);

    private static string Format(TimeSpan t) => t.ToString(t.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
