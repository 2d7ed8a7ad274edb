namespace Siamese.Index;

/// <summary>
/// The compacted state: a header, the examples in batches, an end record, all framed like the log.
/// Written to a temporary file, fsynced, then renamed over the old one, so a crash leaves the old or the new.
/// </summary>
internal static class SnapshotFile
{
    private const int BatchSize = 1024;

    public static void Write(string path, int dimension, long lastSequence, IEnumerable<VectorRecord> examples)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
        {
            var frame = Array.Empty<byte>();
            void WriteFrame(LogOperation operation)
            {
                var length = LogCodec.Frame(operation, ref frame);
                stream.Write(frame, 0, length);
            }

            WriteFrame(new LogOperation.SnapshotHeader(lastSequence, dimension));
            long count = 0;
            var batch = new List<VectorRecord>(BatchSize);
            foreach (var example in examples)
            {
                batch.Add(example);
                count++;
                if (batch.Count == BatchSize)
                {
                    WriteFrame(new LogOperation.Upsert(lastSequence, batch));
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                WriteFrame(new LogOperation.Upsert(lastSequence, batch));
            }

            WriteFrame(new LogOperation.SnapshotEnd(lastSequence, count));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Streams the snapshot: <paramref name="onHeader"/> gets the dimension first (and may throw), then each batch
    /// goes to <paramref name="apply"/>. Returns the last log sequence it contains, or null when there is no snapshot.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged (it was renamed into place complete, so this is disk damage).</exception>
    public static long? Read(string path, Action<int> onHeader, Action<LogOperation.Upsert> apply)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        LogOperation.SnapshotHeader? header = null;
        LogOperation.SnapshotEnd? end = null;
        long examples = 0;
        var good = LogReader.Read(stream, operation =>
        {
            switch (operation)
            {
                case LogOperation.SnapshotHeader h when header is null:
                    header = h;
                    onHeader(h.Dimension);
                    break;
                case LogOperation.Upsert upsert when header is not null && end is null:
                    examples += upsert.Records.Count;
                    apply(upsert);
                    break;
                case LogOperation.SnapshotEnd e when header is not null && end is null:
                    end = e;
                    break;
                default:
                    throw Damaged(path, $"unexpected {operation.GetType().Name} record");
            }
        });
        if (good != stream.Length || header is null || end is null || end.Examples != examples)
        {
            throw Damaged(path, $"bad or missing record at byte {good} of {stream.Length}");
        }

        return header.Sequence;
    }

    private static InvalidDataException Damaged(string path, string detail) =>
        new($"Snapshot '{path}' is damaged ({detail}); restore it from a backup or delete it to start empty.");

    // Makes the rename itself durable; where a directory cannot be opened (not Unix) the rename is still atomic.
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        try
        {
            using var handle = File.OpenHandle(directory, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Best effort: the data itself was fsynced before the rename.
        }
    }
}
