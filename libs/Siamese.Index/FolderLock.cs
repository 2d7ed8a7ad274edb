namespace Siamese.Index;

/// <summary>
/// One process owns an index folder at a time: a lock file held open without sharing (on Linux an exclusive
/// <c>flock</c>, released by the kernel when the process dies, so kill -9 leaves no stale lock).
/// </summary>
internal static class FolderLock
{
    /// <exception cref="IOException">Another process (or another index in this one) holds <paramref name="folder"/>.</exception>
    public static FileStream Acquire(string path, string folder)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException(
                $"The embedded index folder '{Path.GetFullPath(folder)}' is in use by another process (or another index in this one); " +
                "one process owns a data folder at a time: stop the other one or point Match:Embedded:DataDirectory elsewhere.", e);
        }
    }
}
