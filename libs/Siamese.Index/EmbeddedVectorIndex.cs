using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Siamese.Index;

/// <summary>
/// The in-process index: per-tenant arenas searched exactly with SIMD, or through an HNSW graph once a tenant's
/// gallery is large (candidates re-ranked exactly), made durable by a write-ahead log (fsync before a write is
/// acknowledged) that is folded into a snapshot on open and when it grows; the graphs are saved beside the snapshot
/// and rebuilt in the background from the vectors when missing (searches scan exactly meanwhile).
/// Files live in <c>{DataDirectory}/{model}/</c>, so vectors of two models never mix; one process at a time
/// owns that folder (an exclusive lock file).
/// </summary>
public sealed partial class EmbeddedVectorIndex : IVectorIndex, ICompactableIndex
{
    private const string LogFileName = "index.wal";
    private const string SnapshotFileName = "index.snapshot";
    private const string LockFileName = "index.lock";

    private readonly EmbeddedIndexOptions _options;
    private readonly ILogger _logger;
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, TenantGallery> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _appendLock = new();
    private WriteAheadLog? _log;
    private long _sequence;
    private Task _compaction = Task.CompletedTask;

    // A compaction scheduled by a delete (ErasureDelay), and the sequences that say whether it still has work: the last
    // subject delete applied, and the last sequence folded into the snapshot.
    private Task _erasure = Task.CompletedTask;
    private bool _erasureScheduled;
    private long _deletedThrough;
    private long _compactedThrough;
    private Exception? _failure;
    private FileStream? _folderLock;
    private readonly HnswSettings _graphSettings;
    private readonly CancellationTokenSource _closing = new();
    private readonly Dictionary<string, Task> _graphBuilds = new(StringComparer.Ordinal);
    private bool _open;
    private bool _graphsUnsaved;

    // The log's frames are encoded here under the append lock (the append is synchronous, so it is free again after).
    private byte[] _frameBuffer = [];

    /// <summary>Creates the index for a model's vector space; <see cref="InitializeAsync"/> opens the files.</summary>
    public EmbeddedVectorIndex(EmbeddedIndexOptions options, VectorSpace space, ILogger<EmbeddedVectorIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Dimension = space.Dimension;
        _directory = Path.Combine(options.DataDirectory, space.SafeName);
        _graphSettings = HnswSettings.From(options);
    }

    /// <summary>The index of another model's folder, whose dimension is read from its files (<see cref="EraseTenantsOfOtherModelsAsync"/>).</summary>
    private EmbeddedVectorIndex(EmbeddedIndexOptions options, string directory, ILogger? logger)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _directory = directory;
        _graphSettings = HnswSettings.From(options);
        _adoptsDimension = true;
    }

    /// <inheritdoc />
    public int Dimension { get; private set; }

    // True for another model's folder opened to erase a tenant: the first vector read sets the dimension.
    private readonly bool _adoptsDimension;

    /// <summary>The directory holding this model's log and snapshot.</summary>
    public string Directory => _directory;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_log is not null)
        {
            return Task.CompletedTask;
        }

        try
        {
            System.IO.Directory.CreateDirectory(_directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Before: "Could not find file '/proc/x'" alone, from a background service, naming neither the setting nor the folder.
            throw new IOException($"{EmbeddedIndexOptions.SectionName}:{nameof(EmbeddedIndexOptions.DataDirectory)}: the index folder '{_directory}' "
                + $"cannot be created ({ex.Message}): name a folder this process may write.", ex);
        }

        _folderLock = FolderLock.Acquire(Path.Combine(_directory, LockFileName), _directory);
        try
        {
            Open();
        }
        catch
        {
            _log?.Dispose();
            _log = null;
            _folderLock.Dispose();
            _folderLock = null;
            throw;
        }

        return Task.CompletedTask;
    }

    private void Open()
    {
        var snapshotPath = Path.Combine(_directory, SnapshotFileName);
        var snapshotSequence = SnapshotFile.Read(snapshotPath, dimension => CheckDimension(dimension, snapshotPath), batch => Apply(batch));
        _sequence = snapshotSequence ?? 0;
        if (snapshotSequence is { } sequence && _options.ApproximateSearch)
        {
            LoadGraphs(sequence);
        }

        var logPath = Path.Combine(_directory, LogFileName);
        var replayed = 0;
        var (log, records, torn) = WriteAheadLog.Open(logPath, _options.Fsync, operation =>
        {
            // Records up to the snapshot's sequence are in it already (a crash between snapshot and log reset).
            if (operation.Sequence <= _sequence)
            {
                return;
            }

            if (operation is LogOperation.Upsert upsert)
            {
                foreach (var record in upsert.Records)
                {
                    CheckDimension(record.Vector.Length, logPath);
                }
            }

            Apply(operation);
            _sequence = operation.Sequence;
            replayed++;
        });
        _log = log;
        if (torn > 0)
        {
            LogTornTail(_logger, logPath, torn);
        }

        if (records > 0)
        {
            Compact();
        }

        LogOpened(_logger, _directory, _tenants.Values.Sum(t => t.Count), replayed);
        _open = true;
        foreach (var tenant in _tenants.Keys)
        {
            MaybeBuildGraph(tenant);
        }
    }

    /// <inheritdoc />
    public async Task<int> UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        VectorArguments.Records(records, Dimension);
        cancellationToken.ThrowIfCancellationRequested();
        if (records.Count == 0)
        {
            return 0;
        }

        // Copy the vectors: the caller may reuse its arrays after we return, the log must not see that.
        var copy = records.Select(r => r with { Vector = (float[])r.Vector.Clone(), DisplayName = r.DisplayName ?? "" }).ToArray();
        return await WriteAsync(sequence => new LogOperation.Upsert(sequence, copy)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> DeleteSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Subject(subjectId);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_tenants.TryGetValue(tenant, out var gallery) || gallery.GetSubject(subjectId) is null)
        {
            return 0;
        }

        var removed = await WriteAsync(sequence => new LogOperation.DeleteSubject(sequence, tenant, subjectId)).ConfigureAwait(false);
        if (removed > 0)
        {
            await ScheduleErasureAsync(cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    /// <inheritdoc />
    /// <remarks>One log record; the vectors leave the files at the next compaction (<see cref="CompactAsync"/>).</remarks>
    public async Task<long> DeleteTenantAsync(string tenant, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_tenants.TryGetValue(tenant, out var gallery) || gallery.Count == 0)
        {
            return 0;
        }

        return await WriteAsync(sequence => new LogOperation.DeleteTenant(sequence, tenant)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SearchHit>> SearchAsync(
        string tenant, ReadOnlyMemory<float> query, int limit, float? maxDistance = null, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Vector(query.Span, Dimension, nameof(query));
        VectorArguments.Positive(limit, nameof(limit));
        if (maxDistance is { } max && (float.IsNaN(max) || max < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxDistance), max, "maxDistance must be a non-negative number.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        EnsureOpen();
        IReadOnlyList<SearchHit> hits = _tenants.TryGetValue(tenant, out var gallery)
            ? gallery.Search(query.Span, limit, maxDistance, _options.ParallelSearchMinExamples, ApproximateMinExamples)
            : [];
        return Task.FromResult(hits);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(string tenant, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        EnsureOpen();
        return Task.FromResult(_tenants.TryGetValue(tenant, out var gallery) ? gallery.Count : 0L);
    }

    /// <inheritdoc />
    public Task<SubjectInfo?> GetSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Subject(subjectId);
        EnsureOpen();
        return Task.FromResult(_tenants.TryGetValue(tenant, out var gallery) ? gallery.GetSubject(subjectId) : null);
    }

    /// <inheritdoc />
    public Task<SubjectPage> ListSubjectsAsync(
        string tenant, int pageSize, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Positive(pageSize, nameof(pageSize));
        EnsureOpen();
        var after = SubjectPageToken.Decode(pageToken);
        if (!_tenants.TryGetValue(tenant, out var gallery))
        {
            return Task.FromResult(new SubjectPage([], null));
        }

        var (page, more) = gallery.ListSubjects(after, pageSize);
        return Task.FromResult(new SubjectPage(page, more ? SubjectPageToken.Encode(page[^1].SubjectId) : null));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _compaction.ConfigureAwait(false);
        await _closing.CancelAsync().ConfigureAwait(false);
        await _erasure.ConfigureAwait(false);
        await Task.WhenAll(SnapshotBuilds()).ConfigureAwait(false);
        lock (_appendLock)
        {
            _log?.Dispose();
            _log = null;
        }

        foreach (var gallery in _tenants.Values)
        {
            gallery.Dispose();
        }

        _folderLock?.Dispose();
        _folderLock = null;
        _closing.Dispose();
    }

    private async Task<int> WriteAsync(Func<long, LogOperation> create)
    {
        long position;
        int affected;
        WriteAheadLog log;
        lock (_appendLock)
        {
            EnsureOpen();
            log = _log!;
            var operation = create(_sequence + 1);
            var length = LogCodec.Frame(operation, ref _frameBuffer);
            position = log.Append(_frameBuffer.AsSpan(0, length));
            _sequence = operation.Sequence;

            // Applied in log order under the same lock, so memory and log never disagree about order.
            affected = Apply(operation);
        }

        try
        {
            await log.FlushAsync(position).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Memory already holds a write the disk may not: refuse further work rather than diverge silently.
            _failure = e;
            throw;
        }

        MaybeCompact();
        return affected;
    }

    private int Apply(LogOperation operation)
    {
        switch (operation)
        {
            case LogOperation.Upsert upsert:
                var added = 0;
                foreach (var record in upsert.Records)
                {
                    if (record.Vector.Length != Dimension)
                    {
                        continue;
                    }

                    var gallery = _tenants.GetOrAdd(record.Tenant, _ => new TenantGallery(Dimension));
                    added += gallery.Upsert(record.Id, record.SubjectId, record.DisplayName, record.Vector) ? 1 : 0;
                }

                foreach (var touched in upsert.Records.Select(r => r.Tenant).Distinct(StringComparer.Ordinal))
                {
                    MaybeBuildGraph(touched);
                }

                return added;
            case LogOperation.DeleteSubject delete:
                if (!_tenants.TryGetValue(delete.Tenant, out var tenant))
                {
                    return 0;
                }

                var deleted = tenant.DeleteSubject(delete.SubjectId);
                _deletedThrough = delete.Sequence;
                MaybeBuildGraph(delete.Tenant);
                return deleted;
            case LogOperation.DeleteTenant delete:
                // Out of the map, so its memory goes with it (and its graph's at once); a search that holds the gallery
                // already waits for the erasure and then finds it empty.
                return _tenants.TryRemove(delete.Tenant, out var erased) ? erased.Erase() : 0;
            default:
                return 0;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A delete is a log record: the vectors stay in the snapshot until the next compaction — a subject's delete
    /// schedules one within <see cref="EmbeddedIndexOptions.ErasureDelay"/>, the log's growth to
    /// <see cref="EmbeddedIndexOptions.CompactAfterBytes"/> or the next open runs one. The tenant erasure calls this to
    /// compact at once; it waits for a compaction already running, then writes the snapshot and graphs under the append lock.
    /// </remarks>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await _compaction.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_appendLock)
        {
            EnsureOpen();
            Compact();
        }
    }

    // A subject's delete leaves its vectors in the snapshot (and a graph file) until the next compaction: that one comes
    // within ErasureDelay, or before the delete is acknowledged when the delay is zero.
    private async Task ScheduleErasureAsync(CancellationToken cancellationToken)
    {
        if (_options.ErasureDelay <= TimeSpan.Zero)
        {
            await CompactAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        lock (_appendLock)
        {
            if (!_erasureScheduled && !_closing.IsCancellationRequested)
            {
                _erasureScheduled = true;
                _erasure = EraseLaterAsync();
            }
        }
    }

    private async Task EraseLaterAsync()
    {
        try
        {
            await Task.Delay(_options.ErasureDelay, _closing.Token).ConfigureAwait(false);
            await _compaction.ConfigureAwait(false);
            lock (_appendLock)
            {
                // A delete applied after this point schedules the next erasure. A compaction since (the log grew, a
                // tenant was erased) may have done this one's work already.
                _erasureScheduled = false;
                if (_log is not null && _failure is null && _deletedThrough > _compactedThrough)
                {
                    Compact();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closing: the log keeps the deletes, and the next open folds them into the snapshot.
        }
        catch (IOException e)
        {
            LogCompactionFailed(_logger, _directory, e);
        }
    }

    // Compacts when the log has grown, or when a graph was built since the last snapshot (so a restart loads it
    // instead of building it again).
    private void MaybeCompact()
    {
        if (_log is not { } log || (log.Length < _options.CompactAfterBytes && !Volatile.Read(ref _graphsUnsaved)) || !_compaction.IsCompleted)
        {
            return;
        }

        lock (_appendLock)
        {
            if (_compaction.IsCompleted && _log is not null && (_log.Length >= _options.CompactAfterBytes || _graphsUnsaved) && !_closing.IsCancellationRequested)
            {
                _compaction = Task.Run(() =>
                {
                    try
                    {
                        lock (_appendLock)
                        {
                            if (_log is not null)
                            {
                                Compact();
                            }
                        }
                    }
                    catch (IOException e)
                    {
                        // The log still holds everything; compaction is retried when it grows again.
                        LogCompactionFailed(_logger, _directory, e);
                    }
                });
            }
        }
    }

    // Caller holds the append lock (or is InitializeAsync): the state matches the log exactly.
    private void Compact()
    {
        var snapshotPath = Path.Combine(_directory, SnapshotFileName);
        var examples = _tenants.SelectMany(t => t.Value.Examples().Select(e =>
            new VectorRecord(e.Id, t.Key, e.SubjectId, e.DisplayName, e.Vector.ToArray())));
        SnapshotFile.Write(snapshotPath, Dimension, _sequence, examples);
        _compactedThrough = _sequence;
        Volatile.Write(ref _graphsUnsaved, false);
        ReleaseSmallGraphs();
        GraphFiles.Save(_directory, _sequence, _tenants);
        _log!.Reset();
        LogCompacted(_logger, _directory, _sequence);
        MaybeRebuildGraphs();
    }

    private void CheckDimension(int found, string path)
    {
        if (_adoptsDimension && Dimension == 0 && found > 0)
        {
            Dimension = found;
            return;
        }

        if (found != Dimension)
        {
            throw new InvalidDataException(
                $"'{path}' holds vectors of dimension {found} but the model produces dimension {Dimension}: point Match:Embedded:DataDirectory elsewhere or re-enrol.");
        }
    }

    private void EnsureOpen()
    {
        if (_failure is not null)
        {
            throw new InvalidOperationException($"The embedded index at '{_directory}' failed to write its log and must be reopened.", _failure);
        }

        if (_log is null)
        {
            throw new InvalidOperationException("The embedded index is not open: call InitializeAsync first.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded index opened at {Directory}: {Examples} examples, {Replayed} log records replayed")]
    private static partial void LogOpened(ILogger logger, string directory, long examples, int replayed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded index log {Path} ended in a torn record ({Bytes} bytes, never acknowledged); cut off")]
    private static partial void LogTornTail(ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded index at {Directory} compacted into a snapshot up to sequence {Sequence}")]
    private static partial void LogCompacted(ILogger logger, string directory, long sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded index at {Directory} could not compact its log")]
    private static partial void LogCompactionFailed(ILogger logger, string directory, Exception exception);
}
