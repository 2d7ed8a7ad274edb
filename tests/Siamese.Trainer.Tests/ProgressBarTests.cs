using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class ProgressBarTests
{
    [Fact]
    public void OnATerminalTheFirstStepDrawsTheBarAtOnce()
    {
        var writer = new StringWriter();
        var bar = new ProgressBar(writer, totalSteps: 10, interactive: true);

        bar.Step(1, 2, 0.5);

        Assert.Contains("epoch 1/2 loss 0.5000", writer.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("\r[###", writer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.25)]
    public void OnATerminalTheEpochLineCoversTheWholeBar(double? validationLoss)
    {
        var writer = new StringWriter();
        var bar = new ProgressBar(writer, totalSteps: 10, interactive: true);

        bar.Step(1, 2, 0.5);
        bar.EndEpoch(new EpochRecord(1, 1e-3, 0.45, validationLoss, validationLoss is null ? null : 0.1, null, 1.0), 2);

        // Before: a refit's epoch line (no validation figures) was shorter than the bar, whose end stayed on the screen.
        var screen = Screen(writer.ToString());
        Assert.StartsWith("epoch 1/2 lr 0.001 loss 0.4500", screen[0], StringComparison.Ordinal);
        Assert.EndsWith(")", screen[0].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectedOutputGetsOnlyTheEpochLines()
    {
        var writer = new StringWriter();
        var bar = new ProgressBar(writer, totalSteps: 2, interactive: false);

        bar.Step(1, 1, 0.5);
        bar.Step(1, 1, 0.4);
        bar.EndEpoch(new EpochRecord(1, 1e-3, 0.45, null, null, null, 1.0), 1);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("epoch 1/1", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\r', writer.ToString());
    }

    [Fact]
    public void ASharedBarCountsEveryFitsStepsNamesItsLabelAndWritesNoEpochLines()
    {
        var writer = new StringWriter();
        var bar = new ProgressBar(TextWriter.Synchronized(writer), totalSteps: 3 * 100, interactive: true, label: "3 folds");

        Parallel.For(0, 3, _ =>
        {
            for (var step = 0; step < 100; step++)
            {
                bar.Step(1, 1, 0.5);
            }

            bar.EndEpoch(new EpochRecord(1, 1e-3, 0.5, null, null, null, 1.0), 1);
        });
        bar.Clear();

        var text = writer.ToString();
        Assert.Contains("] 3 folds loss 0.5000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
        Assert.EndsWith("\r", text, StringComparison.Ordinal);
    }

    /// <summary>The lines a terminal shows for <paramref name="output"/>: a carriage return writes over its line from the start.</summary>
    private static List<string> Screen(string output)
    {
        var lines = new List<string>();
        foreach (var written in output.Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            foreach (var pass in written.Split('\r'))
            {
                line.Remove(0, Math.Min(pass.Length, line.Length)).Insert(0, pass);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
