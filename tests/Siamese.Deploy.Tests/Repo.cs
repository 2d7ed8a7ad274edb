namespace Siamese.Deploy.Tests;

/// <summary>Files of the repository the tests read (deploy files, the hosts' appsettings).</summary>
internal static class Repo
{
    public static string Root { get; } = TestModel.RepoRoot() ?? throw new InvalidOperationException("Siamese.sln not found above the test's folders");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));
}
