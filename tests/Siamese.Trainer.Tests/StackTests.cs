using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>
/// The training inputs copied into one tensor, each straight into its row (<see cref="Training.Trainer.Stack"/>, and a
/// step's images, <see cref="Training.Trainer.Rows"/>): every value where it belongs, small rows and large ones.
/// </summary>
public sealed class StackTests
{
    [Theory]
    [InlineData(5, 2, 3)]
    [InlineData(10, 1024, 1024)] // 4 MB a row
    public void EveryInputLandsInItsRowWhateverTheNumberOfCopies(int count, int height, int width)
    {
        using var scope = NewDisposeScope();
        var plane = height * width;
        var inputs = Enumerable.Range(0, count).Select(i => Enumerable.Range(0, plane).Select(k => (i * 1000f) + (k % 997)).ToArray()).ToArray();

        using var stacked = Training.Trainer.Stack(inputs, new TowerOptions(TowerKind.Conv, height, width));

        Assert.Equal([count, 1, height, width], stacked.shape);
        var values = stacked.data<float>().ToArray();
        for (var i = 0; i < count; i++)
        {
            Assert.True(values.AsSpan(i * plane, plane).SequenceEqual(inputs[i]), $"row {i} differs");
        }
    }

    [Fact]
    public void AnInputOfAnotherSizeIsAClearError()
    {
        using var scope = NewDisposeScope();
        float[][] inputs = [new float[6], new float[5]];

        var error = Assert.Throws<ArgumentException>(() => Training.Trainer.Stack(inputs, new TowerOptions(TowerKind.Conv, 2, 3)));

        Assert.Contains("Input 1 holds 5 values, not the tower's 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepsRowsAreItsImagesInTheirOrderRepeatsToo()
    {
        using var scope = NewDisposeScope();
        var inputs = Enumerable.Range(0, 4).Select(i => Enumerable.Range(0, 6).Select(k => (i * 10f) + k).ToArray()).ToArray();
        long[] step = [2, 0, 2, 3];

        using var rows = Training.Trainer.Rows(inputs, step, new TowerOptions(TowerKind.Conv, 2, 3));

        Assert.Equal([4, 1, 2, 3], rows.shape);
        Assert.Equal(step.SelectMany(i => inputs[i]), rows.data<float>().ToArray());
    }

    [Fact]
    public void AFitChecksEveryInputsSizeBeforeItsFirstStep()
    {
        float[][] inputs = [new float[6], new float[6], new float[7]];

        var error = Assert.Throws<ArgumentException>(() => Training.Trainer.CheckSizes(inputs, new TowerOptions(TowerKind.Conv, 2, 3)));

        Assert.Contains("Input 2 holds 7 values, not the tower's 6", error.Message, StringComparison.Ordinal);
    }
}
