namespace Siamese.Index;

/// <summary>
/// The append-only log. Appends go straight to the OS (no user-space buffer); <see cref="FlushAsync"/> makes
/// them durable with fsync, and concurrent writers waiting on it share one fsync (group commit).
/// Positions are logical (bytes ever appended) so they stay monotonic across <see cref="Reset"/>.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly bool _fsync;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private long _base;
    private long _written;
    private long _durable;

    private WriteAheadLog(FileStream stream, bool fsync)
    {
        _stream = stream;
        _fsync = fsync;
        _written = stream.Length;
        _durable = _written;
    }

    /// <summary>Bytes in the file now.</summary>
    public long Length => Volatile.Read(ref _written) - _base;

    /// <summary>
    /// Opens (or creates) the log, hands its intact records to <paramref name="replay"/> one at a time as they are read
    /// (a long log is never held in memory whole), and cuts off a torn tail, which can only be a write that was never
    /// acknowledged. Returns how many records there were.
    /// </summary>
    public static (WriteAheadLog Log, int Records, long TornBytes) Open(string path, bool fsync, Action<LogOperation> replay)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var records = 0;
            var good = LogReader.Read(stream, operation =>
            {
                records++;
                replay(operation);
            });

            var torn = stream.Length - good;
            if (torn > 0)
            {
                stream.SetLength(good);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(0, SeekOrigin.End);
            return (new WriteAheadLog(stream, fsync), records, torn);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Writes a framed record; the caller serialises appends. Returns the position to flush up to.</summary>
    public long Append(ReadOnlySpan<byte> frame)
    {
        _stream.Write(frame);
        return Interlocked.Add(ref _written, frame.Length);
    }

    /// <summary>Completes when everything up to <paramref name="position"/> is on disk.</summary>
    public async ValueTask FlushAsync(long position)
    {
        if (!_fsync || Volatile.Read(ref _durable) >= position)
        {
            return;
        }

        // Not cancellable: a caller that gave up still shares this fsync with others.
        await _flushGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _durable) >= position)
            {
                return;
            }

            var target = Volatile.Read(ref _written);
            await Task.Run(() => _stream.Flush(flushToDisk: true)).ConfigureAwait(false);
            Volatile.Write(ref _durable, target);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>
    /// Empties the log after its contents went into a durable snapshot. The caller holds the append lock,
    /// so nothing is written meanwhile; the flush gate keeps an fsync from racing the truncation.
    /// </summary>
    public void Reset()
    {
        _flushGate.Wait();
        try
        {
            _stream.SetLength(0);
            _stream.Seek(0, SeekOrigin.Begin);
            _stream.Flush(flushToDisk: true);
            _base = Volatile.Read(ref _written);
            Volatile.Write(ref _durable, _base);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _flushGate.Dispose();
    }
}
