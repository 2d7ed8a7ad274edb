using System.Security.Cryptography;
using System.Text;

namespace Siamese.Index;

/// <summary>
/// The HNSW graphs saved beside a snapshot: one USearch file per tenant plus a manifest naming the snapshot
/// sequence they match. The graphs are a cache of the snapshot, never the truth: whatever is missing, damaged or
/// of another sequence is rebuilt from the vectors. Written files first, manifest last (to a temporary name,
/// fsynced, renamed), so a manifest never names graph files of another snapshot.
/// </summary>
internal static class GraphFiles
{
    private const string Folder = "graphs";
    private const string ManifestName = "manifest";
    // 3: a graph holding a removed entry's vector is no longer saved (USearch keeps it); files of version 2 may hold
    // such vectors, so they are not loaded: each graph is rebuilt once from the vectors and saved clean.
    // 4: a graph's free slots are overwritten with copies of live rows before it is saved, and the manifest records how
    // many it has. A graph of version 3 had none (one with a removed entry was not saved), so its files load as they are.
    private const int Version = 4;
    private const int NoFreeSlotsVersion = 3;

    /// <summary>Saves every tenant's graph that exists and writes the manifest for <paramref name="sequence"/>.</summary>
    public static void Save(string directory, long sequence, IEnumerable<KeyValuePair<string, TenantGallery>> galleries)
    {
        var folder = Path.Combine(directory, Folder);
        Directory.CreateDirectory(folder);
        var saved = new List<(string Tenant, string File, long Rows, long Bytes, long FreeSlots)>();
        foreach (var (tenant, gallery) in galleries)
        {
            var file = FileName(tenant);
            var path = Path.Combine(folder, file);
            var temporary = path + ".tmp";
            var rows = gallery.Count;
            if (gallery.SaveGraph(temporary) is not { } freeSlots)
            {
                continue;
            }

            FlushFile(temporary);
            var bytes = new FileInfo(temporary).Length;
            File.Move(temporary, path, overwrite: true);
            saved.Add((tenant, file, rows, bytes, freeSlots));
        }

        var manifest = Path.Combine(folder, ManifestName);
        using (var stream = new FileStream(manifest + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Version);
            writer.Write(sequence);
            writer.Write(saved.Count);
            foreach (var (tenant, file, rows, bytes, freeSlots) in saved)
            {
                writer.Write(tenant);
                writer.Write(file);
                writer.Write(rows);
                writer.Write(bytes);
                writer.Write(freeSlots);
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(manifest + ".tmp", manifest, overwrite: true);
        RemoveStale(folder, saved.Select(s => s.File).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The graphs saved for snapshot <paramref name="sequence"/> whose files are there at the length they were written:
    /// tenant, file, row count and free slots. Empty when there is no manifest, it belongs to another sequence or
    /// version, or it cannot be read.
    /// </summary>
    public static List<(string Tenant, string Path, long Rows, long FreeSlots)> Read(string directory, long sequence)
    {
        var folder = Path.Combine(directory, Folder);
        var manifest = Path.Combine(folder, ManifestName);
        var entries = new List<(string, string, long, long)>();
        if (!File.Exists(manifest))
        {
            return entries;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(manifest), Encoding.UTF8);
            var version = reader.ReadInt32();
            if (version is not (Version or NoFreeSlotsVersion) || reader.ReadInt64() != sequence)
            {
                return entries;
            }

            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var (tenant, path, rows, bytes) = (reader.ReadString(), Path.Combine(folder, Path.GetFileName(reader.ReadString())), reader.ReadInt64(), reader.ReadInt64());
                var freeSlots = version == Version ? reader.ReadInt64() : 0;
                if (File.Exists(path) && new FileInfo(path).Length == bytes)
                {
                    entries.Add((tenant, path, rows, freeSlots));
                }
            }

            return entries;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            return [];
        }
    }

    // Tenant names are arbitrary text; the file is named by a hash of it.
    private static string FileName(string tenant) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant)).AsSpan(0, 16)) + ".usearch";

    private static void FlushFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.FlushToDisk(handle);
    }

    private static void RemoveStale(string folder, HashSet<string> keep)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.usearch*"))
        {
            if (!keep.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }
}
