using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>
/// <c>train --ways</c> that no episode can have is refused before training: the episodes are drawn only after it, so a
/// run used to train for its whole budget and then fail.
/// </summary>
public sealed class WaysRefusalTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-ways-" + Guid.NewGuid().ToString("N")[..8]);

    [Theory]
    [InlineData("1")]
    [InlineData("-3")]
    public void WaysBelowTwoOtherThanZeroAreRefusedBeforeAnythingIsWritten(string ways)
    {
        Refusals.CommandLineRefuses(directory, "--synthetic", "--quick", "--ways", ways);
        Refusals.RunRefuses(directory, TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Quick = true, Ways = int.Parse(ways) }), "--ways must be 0");
    }

    [Fact]
    public void MoreWaysThanTestIdentitiesAreRefusedBeforeTraining()
    {
        var output = Path.Combine(directory, "run");

        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Quick = true, Output = output, Ways = 30, TestIdentities = 6 })));

        Assert.Contains("--ways 30: the run holds out 6 test identities", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "model.onnx")));
        Assert.False(Directory.Exists(Path.Combine(output, "checkpoints")));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
