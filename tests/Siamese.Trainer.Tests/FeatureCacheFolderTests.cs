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
}
