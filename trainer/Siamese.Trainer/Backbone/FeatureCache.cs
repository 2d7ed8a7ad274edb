using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// Backbone features already computed, on disk, so a second run on the same images (another seed, another head)
/// skips the backbone. One file per backbone, channel count and data folder (the key names the backbone files' sizes,
/// the channels and the --data folder: every run loads its whole file, so one user's datasets do not pile up in one
/// file that each of their runs reads); an entry is keyed by the image's full path, length, modification time and view,
/// so an edited image is computed afresh. Never in the repository: under the run folder or <c>artifacts/</c> (ignored).
/// </summary>
public sealed class FeatureCache
{
    private const int Magic = 0x31434653; // "SFC1"
    private const int FileBuffer = 1 << 20;
    private readonly Dictionary<string, float[]> entries = new(StringComparer.Ordinal);
    private readonly string? path;
    private int added;

    /// <summary>The file as this cache last read or wrote it (length, write time): unchanged since, it holds nothing new.</summary>
    private (long Length, DateTime Written)? seen;

    private FeatureCache(string? path) => this.path = path;

    /// <summary>No cache: every feature is computed.</summary>
    public static FeatureCache None { get; } = new(null);

    public int Count => entries.Count;

    /// <summary>Opens (or starts) the cache file for this backbone in <paramref name="folder"/>.</summary>
    public static FeatureCache Open(string folder, string backboneKey, int featureLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(backboneKey)))[..16];
        var cache = new FeatureCache(Path.Combine(Path.GetFullPath(folder), $"features-{name}.bin"));
        cache.Load(featureLength);
        return cache;
    }

    public static string Key(string imagePath, int view)
    {
        var file = new FileInfo(imagePath);
        return $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{view}";
    }

    public bool TryGet(string key, out float[] features) => entries.TryGetValue(key, out features!);

    /// <summary>Keeps <paramref name="features"/> under <paramref name="key"/>; <see cref="None"/>, shared by every run of the process, keeps nothing.</summary>
    public void Add(string key, float[] features)
    {
        if (path is null)
        {
            return;
        }

        entries[key] = features;
        added++;
    }

    /// <summary>
    /// Writes the file when something was added (whole, under a temporary name, then renamed), keeping what another
    /// run wrote there meanwhile (two runs on the same backbone share the file; the last rename wins only for keys
    /// both computed, which hold the same values). A file no other run has written since this cache read or wrote it
    /// is not read again: at 100 KB an entry, the grocery photos' file reaches 700 MB, and the extraction saves it
    /// every 30 s.
    /// </summary>
    public void Save()
    {
        if (path is null || added == 0)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (seen is null || seen != Stamp(path))
        {
            var featureLength = entries.Values.First().Length;
            var mine = new Dictionary<string, float[]>(entries, StringComparer.Ordinal);
            Load(featureLength);
            foreach (var (key, features) in mine)
            {
                entries[key] = features;
            }
        }

        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Write(temp);
            File.Move(temp, path, overwrite: true);
            seen = Stamp(path);
        }
        finally
        {
            // A full disk must not leave half a cache behind.
            File.Delete(temp);
        }

        added = 0;
    }

    /// <summary>
    /// The layout: magic, count, then per entry its key (BinaryWriter's length-prefixed UTF-8), its length and its
    /// values as little-endian float32, written and read as one block per entry (the bytes BinaryWriter writes value by
    /// value, which the file held before).
    /// </summary>
    private void Write(string temp)
    {
        using (var writer = new BinaryWriter(new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, FileBuffer)))
        {
            writer.Write(Magic);
            writer.Write(entries.Count);
            foreach (var (key, features) in entries)
            {
                writer.Write(key);
                writer.Write(features.Length);
                if (BitConverter.IsLittleEndian)
                {
                    writer.Write(MemoryMarshal.AsBytes(features.AsSpan()));
                }
                else
                {
                    foreach (var value in features)
                    {
                        writer.Write(value);
                    }
                }
            }
        }
    }

    private static (long Length, DateTime Written)? Stamp(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
    }

    private void Load(int featureLength)
    {
        if (path is null || !File.Exists(path))
        {
            return;
        }

        try
        {
            var stamp = Stamp(path);
            using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBuffer));
            if (reader.ReadInt32() != Magic)
            {
                return;
            }

            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var length = reader.ReadInt32();
                var features = new float[length];
                if (BitConverter.IsLittleEndian)
                {
                    reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(features.AsSpan()));
                }
                else
                {
                    for (var k = 0; k < length; k++)
                    {
                        features[k] = reader.ReadSingle();
                    }
                }

                if (length == featureLength)
                {
                    entries[key] = features;
                }
            }

            seen = stamp;
        }
        catch (EndOfStreamException)
        {
            // A cut-off file (a run killed while renaming cannot leave one, but a full disk can): start afresh.
            entries.Clear();
        }
    }
}
