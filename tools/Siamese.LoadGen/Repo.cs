namespace Siamese.LoadGen;

/// <summary>Where the repository and the service hosts' build output are, seen from the running assembly.</summary>
public static class Repo
{
    /// <summary>The folder holding Siamese.sln above the running assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the hosts are expected in the configuration the running assembly was built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Siamese.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Siamese.sln not found above {AppContext.BaseDirectory}: run from the repository's build output.");
    }
}
