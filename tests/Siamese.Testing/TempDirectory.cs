namespace Siamese.Testing;

/// <summary>A scratch directory removed at the end of a test.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("siamese-tests-").FullName;

    /// <summary>A path inside <see cref="Path"/> that does not exist yet.</summary>
    public string NewSubdirectory() => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS cleans temp eventually.
        }
    }
}
