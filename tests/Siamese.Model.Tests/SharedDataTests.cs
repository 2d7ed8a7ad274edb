namespace Siamese.Model.Tests;

/// <summary>
/// Where tests, benchmarks and the suite find the shared datasets: a dataset's own variable, then the folder
/// <c>SIAMESE_DATASETS</c> names, then <c>shared/datasets</c> found walking up. Sets process environment variables, so
/// it is the only class of this assembly that reads <see cref="SharedData"/>, and it restores them.
/// </summary>
public sealed class SharedDataTests : IDisposable
{
    private static readonly string[] Variables =
        [SharedData.DatasetsVariable, SharedData.OrlFacesVariable, SharedData.GroceryProduceVariable, SharedData.ModelsVariable];

    private readonly TempFolder _root = new();
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    [Fact]
    public void TheDatasetsFolderVariableNamesWhereEveryDatasetIsAndADatasetsOwnVariableWins()
    {
        var datasets = Folder("elsewhere/datasets");
        Folder("elsewhere/datasets/orl_faces");
        var ownOrl = Folder("mine/faces");
        Environment.SetEnvironmentVariable(SharedData.DatasetsVariable, datasets);
        Environment.SetEnvironmentVariable(SharedData.OrlFacesVariable, null);
        Environment.SetEnvironmentVariable(SharedData.GroceryProduceVariable, null);

        Assert.Equal(datasets, SharedData.Datasets);
        Assert.Equal(Path.Combine(datasets, "orl_faces"), SharedData.OrlFaces);

        // Named folder without the dataset: not there, rather than another copy found walking up.
        Assert.Null(SharedData.GroceryProduce);

        Environment.SetEnvironmentVariable(SharedData.OrlFacesVariable, ownOrl);
        Assert.Equal(ownOrl, SharedData.OrlFaces);
    }

    [Fact]
    public void AVariableNamingAFolderThatIsNotThereGivesNothing()
    {
        Environment.SetEnvironmentVariable(SharedData.DatasetsVariable, Path.Combine(_root.Path, "missing"));
        Environment.SetEnvironmentVariable(SharedData.OrlFacesVariable, null);
        Environment.SetEnvironmentVariable(SharedData.ModelsVariable, Path.Combine(_root.Path, "no-models"));

        Assert.Null(SharedData.Datasets);
        Assert.Null(SharedData.OrlFaces);
        Assert.Null(SharedData.DetectorModels);
        Assert.Null(SharedData.YuNetModel);
    }

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

        _root.Dispose();
    }

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_root.Path, relative)).FullName;
}
