namespace Siamese.Trainer.Tests;

/// <summary>Values of train's options that cannot make a run are refused as the command line is read, naming the option.</summary>
public sealed class TrainOptionCheckTests
{
    [Theory]
    [InlineData("--calibrate-far", "0", "--calibrate-far must be in (0, 0.5], for example 0.001 (got 0)")]
    [InlineData("--calibrate-far", "NaN", "--calibrate-far must be in (0, 0.5], for example 0.001 (got NaN)")]
    [InlineData("--calibrate-far", "0.6", "--calibrate-far must be in (0, 0.5], for example 0.001 (got 0.6)")]
    [InlineData("--lr", "0", "--lr must be positive, for example 0.002 (got 0)")]
    [InlineData("--lr", "NaN", "--lr must be positive, for example 0.002 (got NaN)")]
    [InlineData("--margin", "-1", "--margin must be positive, for example 1 (got -1)")]
    [InlineData("--temperature", "0", "--temperature must be positive, for example 0.05 (got 0)")]
    [InlineData("--weight-decay", "-1", "--weight-decay must be 0 or more, for example 0.0001 (got -1)")]
    [InlineData("--dropout", "1.5", "--dropout must be below 1 (negative: the tower's default) (got 1.5)")]
    [InlineData("--views", "0", "--views must be 1 to 4 (got 0)")]
    [InlineData("--test-identities", "-1", "--test-identities must be 0 or more (got -1)")]
    [InlineData("--val-identities", "-2", "--val-identities must be 0 or more (got -2)")]
    [InlineData("--images-per-identity", "1", "--images-per-identity must be 2 to 256 (a step pairs each image with another of its identity), not 1.")]
    [InlineData("--images-per-identity", "300", "--images-per-identity must be 2 to 256 (a step pairs each image with another of its identity), not 300.")]
    [InlineData("--lr", "abc", "Cannot parse argument 'abc' for option '--lr'")] // before: an unhandled exception
    [InlineData("--calibrate-far", "1%", "Cannot parse argument '1%' for option '--calibrate-far'")]
    [InlineData("--views", "two", "Cannot parse argument 'two' for option '--views'")]
    public void AValueThatCannotMakeARunIsRefusedBeforeTraining(string option, string value, string message)
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 3, seed: 3);
        var run = Path.Combine(folder.Path, "run");

        // Before: --lr 0 or NaN and --calibrate-far 0 trained a whole run (that learnt nothing, or whose threshold "needs
        // at least Infinity" pairs); NaN as the target failed only after training; a negative count named 'testCount'.
        var (exit, error) = CliCapture.Run(["train", "--data", data, "--quick", "--out", run, option, value]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [InlineData("face", "--images-per-identity: the face tower draws no steps of its own choosing")]
    [InlineData("conv", "--images-per-identity 8: steps of random pairs (--pairs identity) draw no set number of images per identity; pass --pairs batch with it.")]
    public void ImagesPerIdentityWhereStepsDrawNoneIsRefusedAndWritesNothing(string tower, string message)
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 3, seed: 3);
        var run = Path.Combine(folder.Path, "run");

        var (exit, error) = CliCapture.Run(["train", "--data", data, "--quick", "--out", run, "--tower", tower, "--pairs", "identity", "--images-per-identity", "8"]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }
}
