using System.Text.Json;
using Siamese.Model;

namespace Siamese.Security;

/// <summary>
/// The key store on disk. Writes go to a temporary file that is flushed and renamed over the old one, so a reader
/// (another host, or this one after a crash) sees the old or the new store, never half of one. Changes are made under
/// an exclusive lock file, read-modify-write, so two writers (two match replicas, the CLI) never lose each other's change.
/// </summary>
public sealed class KeyStoreFile(string path)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public string Path { get; } = System.IO.Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));

    /// <summary>What identifies the file's current version cheaply (a rename gives a new time and usually a new length).</summary>
    public (DateTime WrittenAt, long Length)? Stamp()
    {
        var info = new FileInfo(Path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }

    /// <summary>The store; empty when the file does not exist yet. Throws <see cref="InvalidDataException"/> naming the file when it is unreadable.</summary>
    public KeyStoreDocument Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (FileNotFoundException)
        {
            return KeyStoreDocument.Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return KeyStoreDocument.Empty;
        }

        try
        {
            var document = JsonSerializer.Deserialize(bytes, KeyStoreJsonContext.Default.KeyStoreDocument)
                ?? throw new InvalidDataException($"The key store '{Path}' is empty JSON (null).");
            return document.Version == KeyStoreDocument.CurrentVersion
                ? document with { Tenants = document.Tenants ?? [] }
                : throw new InvalidDataException(
                    $"The key store '{Path}' has format version {document.Version}; this build reads version {KeyStoreDocument.CurrentVersion}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The key store '{Path}' is not valid JSON ({ex.Message}); restore it from a backup or remove it.", ex);
        }
    }

    /// <summary>
    /// Reads the current store under the lock, applies <paramref name="change"/> and writes the result (unless it is the same
    /// instance). Returns what was written together with the change's own result.
    /// </summary>
    public (KeyStoreDocument Document, T Result) Update<T>(Func<KeyStoreDocument, (KeyStoreDocument Document, T Result)> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var gate = AcquireLock();
        var current = Read();
        var (next, result) = change(current);
        if (!ReferenceEquals(next, current))
        {
            Write(next);
        }

        return (next, result);
    }

    private void Write(KeyStoreDocument document)
    {
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // Hashes only, but nobody else needs to read which tenants exist.
                    File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                JsonSerializer.Serialize(stream, document, KeyStoreJsonContext.Default.KeyStoreDocument);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Fails, naming the store, when this host could not write it (a folder it may not create files in): checked at start
    /// by a host that serves the admin API, rather than at the first tenant or key created. Nothing is made
    /// (<see cref="WritablePath"/>): the store's folder, or the nearest existing one above it, is tried.
    /// </summary>
    public void CheckWritable()
    {
        if (WritablePath.Refusal(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!) is var (folder, reason))
        {
            throw CannotWrite(folder, reason, null);
        }
    }

    private IOException CannotWrite(string where, string reason, Exception? cause) => new(
        $"The key store '{Path}' cannot be written: '{where}' takes no new file ({reason}). A host with the admin key "
        + "writes the store (Security:KeyStorePath): give it a folder it may write.", cause);

    private FileStream AcquireLock()
    {
        var lockPath = Path + ".lock";
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock on Unix: held by one process at a time.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                // Not a lock another process holds: waiting would not help, and saying so would send the reader the wrong way.
                throw CannotWrite(lockPath, ex is UnauthorizedAccessException ? "permission denied" : ex.Message, ex);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(25);
            }
            catch (IOException ex)
            {
                throw new IOException($"The key store lock '{lockPath}' is held by another process for more than {LockTimeout.TotalSeconds:0} s ({ex.Message}).", ex);
            }
        }
    }
}
