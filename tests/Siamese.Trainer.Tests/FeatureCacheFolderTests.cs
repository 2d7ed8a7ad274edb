using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>Where a run keeps its backbone features (the whole runs are in BackboneRunTests and TerminalRunTests).</summary>
public sealed class FeatureCacheFolderTests
{
    [Fact]
    public void AGeneratedDatasetsFeaturesStayInItsRunFolderUnlessAFolderIsGiven()
    {
        var run = Path.Combine("runs", "a");

        Assert.Equal(Path.Combine(run, "feature-cache"), new TrainOptions { Synthetic = true, Output = run }.FeatureCacheFolder);
        Assert.Equal(TrainOptions.DefaultFeatureCache, new TrainOptions { Data = "photos", Output = run }.FeatureCacheFolder);
        Assert.Equal("/kept/here", new TrainOptions { Synthetic = true, Output = run, FeatureCache = "/kept/here" }.FeatureCacheFolder);
        Assert.Null(new TrainOptions { Synthetic = true, Output = run, FeatureCache = null }.FeatureCacheFolder);
    }

    [Fact]
    public void AFolderGivenOnTheCommandLineIsKeptEvenWhereItNamesTheDefault()
    {
        var given = Cli.TrainCommand.FeatureCacheOf(TrainOptions.DefaultFeatureCache, given: true);

        Assert.Equal(Path.GetFullPath(TrainOptions.DefaultFeatureCache), given);
        Assert.Equal(given, new TrainOptions { Synthetic = true, Output = "run", FeatureCache = given }.FeatureCacheFolder);
        Assert.Equal(TrainOptions.DefaultFeatureCache, Cli.TrainCommand.FeatureCacheOf(TrainOptions.DefaultFeatureCache, given: false));
        Assert.Null(Cli.TrainCommand.FeatureCacheOf("none", given: true));
    }
}
