using Siamese.Trainer.Cli;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>Bad options are refused before a run writes anything: the output folder is never created.</summary>
internal static class Refusals
{
    /// <summary><c>train</c> with <paramref name="arguments"/> exits 2 (a usage error) and leaves <c>never</c> under <paramref name="directory"/> uncreated.</summary>
    public static void CommandLineRefuses(string directory, params string[] arguments)
    {
        var never = Path.Combine(directory, "never");

        Assert.Equal(2, TrainerCli.Run(["train", .. arguments, "--out", never]));
        Assert.False(Directory.Exists(never));
    }

    /// <summary>
    /// A run of <paramref name="options"/> (its output set to <c>never</c> under <paramref name="directory"/>) throws an
    /// <see cref="ArgumentException"/> that names <paramref name="named"/>, and creates no output folder.
    /// </summary>
    public static void RunRefuses(string directory, TrainOptions options, string named)
    {
        var never = Path.Combine(directory, "never");

        var error = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(options with { Output = never }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(never));
    }
}
