using System.Diagnostics;
using System.Globalization;

namespace Siamese.Trainer.Training;

/// <summary>
/// One-line progress on stderr: bar, epoch, running loss, time left (from the average step time so far).
/// Redraws in place on a terminal, at most a few times a second; when redirected, only epoch lines are written.
/// With a <paramref name="label"/> the bar is shared by fits that run side by side (the face tower's threshold folds):
/// it counts all their steps, names the label instead of an epoch, writes no epoch lines and is safe to call from
/// several threads.
/// </summary>
public sealed class ProgressBar(TextWriter writer, int totalSteps, bool interactive, string? label = null)
{
    private const int Width = 30;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    // Null until the first draw: the first step always draws (a MinValue sentinel overflowed the subtraction).
    private TimeSpan? lastDraw;
    private int stepsDone;
    private int drawnLength;

    public static ProgressBar ForConsole(int totalSteps) => new(Console.Error, totalSteps, !Console.IsErrorRedirected);

    /// <summary>A bar for fits running side by side, on the console, named <paramref name="label"/>.</summary>
    public static ProgressBar SharedOnConsole(int totalSteps, string label) => new(Console.Error, totalSteps, !Console.IsErrorRedirected, label);

    public void Step(int epoch, int epochs, double loss)
    {
        lock (gate)
        {
            stepsDone++;
            if (!interactive || (lastDraw is { } last && clock.Elapsed - last < TimeSpan.FromMilliseconds(250)))
            {
                return;
            }

            lastDraw = clock.Elapsed;
            var share = Math.Min(1, (double)stepsDone / totalSteps);
            var filled = (int)(share * Width);
            var where = label ?? string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{epochs}");
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {where} loss {loss:F4} left {Format(Left())}   ");
            drawnLength = line.Length - 1;
            writer.Write(line);
        }
    }

    /// <summary>Ends the epoch's line with the validation figures (a shared bar writes no epoch lines).</summary>
    public void EndEpoch(EpochRecord record, int epochs)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (label is not null)
        {
            return;
        }

        var validation = record.ValidationLoss is { } vl
            ? string.Create(CultureInfo.InvariantCulture, $" val loss {vl:F4} val EER {record.ValidationEer:P1}")
            : "";
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}/{epochs} lr {record.LearningRate:G3} loss {record.TrainLoss:F4}{validation} ({record.Seconds:F1}s, left {Format(Left())})");
        if (interactive)
        {
            // Over the bar's line, and as long as the bar was: an epoch line without validation figures (a refit's) is
            // shorter than the bar and left its end on the screen ("… left 0:05)           0:05").
            writer.Write('\r');
            line = line.PadRight(drawnLength);
            drawnLength = 0;
        }

        writer.WriteLine(line);
    }

    /// <summary>Steps of epochs that will not run (early stop) no longer count toward the estimate.</summary>
    public void Skip(int steps)
    {
        lock (gate)
        {
            totalSteps = Math.Max(stepsDone, totalSteps - steps);
        }
    }

    /// <summary>Wipes the bar's line on a terminal, so the next line starts clean (a shared bar, once its fits end).</summary>
    public void Clear() => Interrupt(() => { });

    /// <summary>Wipes the bar, then writes (a line of a fit running beside others) before any thread draws it again.</summary>
    public void Interrupt(Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (gate)
        {
            if (interactive && drawnLength > 0)
            {
                writer.Write($"\r{new string(' ', drawnLength)}\r");
                drawnLength = 0;
            }

            write();
        }
    }

    private TimeSpan Left() =>
        stepsDone == 0 ? TimeSpan.Zero : clock.Elapsed / stepsDone * Math.Max(0, totalSteps - stepsDone);

    private static string Format(TimeSpan t) => t.ToString(t.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
