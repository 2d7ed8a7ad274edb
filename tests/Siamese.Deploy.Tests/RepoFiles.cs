namespace Siamese.Deploy.Tests;

/// <summary>Files of the repository the tests read (deploy files, the hosts' appsettings).</summary>
internal static class RepoFiles
{
    public static string File(params string[] parts) => Path.Combine([Repo.Root, .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));
}
