using System.Text;

namespace Siamese.Testing;

/// <summary>What an index folder holds on disk, read as bytes: whether a deleted vector or name has left its files.</summary>
public static class IndexFiles
{
    /// <summary>
    /// Whether a file under <paramref name="folder"/> (its subfolders included) holds <paramref name="bytes"/>. The lock
    /// file is left out (an open index holds it exclusively, and it is empty); a file that a background compaction is
    /// writing or renaming meanwhile is read again.
    /// </summary>
    public static bool Contain(string folder, byte[] bytes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
                    .Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(bytes) >= 0);
            }
            catch (IOException) when (attempt < 100)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Whether a file under <paramref name="folder"/> holds <paramref name="text"/> in UTF-8 (a subject id, say).</summary>
    public static bool Contain(string folder, string text) => Contain(folder, Encoding.UTF8.GetBytes(text));
}
