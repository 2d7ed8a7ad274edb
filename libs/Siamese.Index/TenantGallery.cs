namespace Siamese.Index;

/// <summary>
/// One tenant's examples: vectors in one contiguous growable arena (row i at [i*D, (i+1)*D)) with parallel
/// ids and subject numbers, so a search is a straight SIMD scan. Many readers or one writer at a time.
/// A large gallery also gets an HNSW graph over the same rows (see the other part of this class).
/// </summary>
internal sealed partial class TenantGallery : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly int _dimension;
    private readonly Dictionary<Guid, int> _rowById = [];
    private readonly Dictionary<string, int> _subjectNumbers = new(StringComparer.Ordinal);
    private readonly List<SubjectEntry?> _subjects = [];
    private float[] _vectors;
    private Guid[] _ids;
    private int[] _subjectOfRow;
    private int _count;
    private volatile bool _erased;

    // Bumped when an existing row changes or rows move: a graph built meanwhile no longer matches its keys.
    private long _structureVersion;

    public TenantGallery(int dimension)
    {
        _dimension = dimension;
        _vectors = new float[16 * dimension];
        _ids = new Guid[16];
        _subjectOfRow = new int[16];
    }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Adds the example, or replaces the one with the same id (which may move it to another subject); true when it was
    /// added.
    /// </summary>
    public bool Upsert(Guid id, string subjectId, string displayName, ReadOnlySpan<float> vector)
    {
        _lock.EnterWriteLock();
        try
        {
            var subject = SubjectNumber(subjectId, displayName);
            var added = !_rowById.TryGetValue(id, out var row);
            if (!added)
            {
                var previous = _subjectOfRow[row];
                if (previous != subject)
                {
                    Release(previous, 1);
                    _subjects[subject]!.ExampleCount++;
                    _subjectOfRow[row] = subject;
                }

                _structureVersion++;
                KeepGraphIf(_graph?.Remove(row));
            }
            else
            {
                EnsureCapacity(_count + 1);
                row = _count++;
                _ids[row] = id;
                _subjectOfRow[row] = subject;
                _rowById[id] = row;
                _subjects[subject]!.ExampleCount++;
            }

            vector.CopyTo(_vectors.AsSpan(row * _dimension, _dimension));
            if (_graph is { } graph)
            {
                graph.EnsureCapacity(_count);
                graph.Add(row, vector);
            }

            return added;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Removes every example of the subject, keeping the arena dense; returns how many went. Each freed row takes the
    /// arena's last row, so a delete moves (and renames in the graph) only as many rows as it frees: shifting every
    /// later row down, as before, took 29 ms a delete in a gallery of 200,000 with a graph (0.45 ms now,
    /// <c>bench/results/erase.json</c>), under the write lock that searches of the tenant wait for.
    /// </summary>
    public int DeleteSubject(string subjectId)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_subjectNumbers.TryGetValue(subjectId, out var subject))
            {
                return 0;
            }

            var freed = new List<int>();
            for (var row = 0; row < _count; row++)
            {
                if (_subjectOfRow[row] == subject)
                {
                    freed.Add(row);
                    _rowById.Remove(_ids[row]);
                    KeepGraphIf(_graph?.Remove(row));
                }
            }

            // Highest first: the last row is then never a freed one still waiting, unless it is the row itself.
            for (var i = freed.Count - 1; i >= 0; i--)
            {
                var row = freed[i];
                var last = _count - 1;
                if (row != last)
                {
                    // Keys are rows: `row`'s key was removed above, and `last` takes it.
                    KeepGraphIf(_graph?.Rename(last, row));
                    _vectors.AsSpan(last * _dimension, _dimension).CopyTo(_vectors.AsSpan(row * _dimension, _dimension));
                    _ids[row] = _ids[last];
                    _subjectOfRow[row] = _subjectOfRow[last];
                    _rowById[_ids[row]] = row;
                }

                _count--;
            }

            _structureVersion++;
            Release(subject, freed.Count);
            return freed.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Removes every example and the graph (the tenant was deleted), returning how many went; the gallery is out of
    /// use afterwards: a graph build running on it stops (<see cref="Erased"/>).
    /// </summary>
    public int Erase()
    {
        _lock.EnterWriteLock();
        try
        {
            var removed = _count;
            _graph?.Dispose();
            _graph = null;
            _rowById.Clear();
            _subjectNumbers.Clear();
            _subjects.Clear();
            _vectors = [];
            _ids = [];
            _subjectOfRow = [];
            _count = 0;
            _structureVersion++;
            _erased = true;
            return removed;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>True once <see cref="Erase"/> ran: nothing is stored here any more, and no graph is built for it.</summary>
    public bool Erased => _erased;

    public SubjectInfo? GetSubject(string subjectId)
    {
        _lock.EnterReadLock();
        try
        {
            return _subjectNumbers.TryGetValue(subjectId, out var subject) ? _subjects[subject]!.ToInfo() : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Up to <paramref name="pageSize"/> subjects with ids ordinally after <paramref name="after"/>, plus whether more follow.</summary>
    public (List<SubjectInfo> Page, bool More) ListSubjects(string? after, int pageSize)
    {
        _lock.EnterReadLock();
        try
        {
            var ids = _subjectNumbers.Keys
                .Where(id => after is null || string.CompareOrdinal(id, after) > 0)
                .Order(StringComparer.Ordinal)
                .Take(pageSize + 1)
                .ToList();
            var page = ids.Take(pageSize).Select(id => _subjects[_subjectNumbers[id]]!.ToInfo()).ToList();
            return (page, ids.Count > pageSize);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Nearest subjects: one hit per subject, ascending distance, within the bound. Through the graph when there is
    /// one and the gallery holds at least <paramref name="approximateMinExamples"/>; an exact scan otherwise.
    /// </summary>
    public List<SearchHit> Search(ReadOnlySpan<float> query, int limit, float? maxDistance, int parallelMinExamples, int approximateMinExamples)
    {
        var bound = maxDistance is { } max ? NextUp(max * max) : float.PositiveInfinity;
        _lock.EnterReadLock();
        try
        {
            NearestSubjects best;
            if (_graph is not null && _count >= approximateMinExamples && SearchGraph(query, limit, bound) is { } approximate)
            {
                best = approximate;
            }
            else if (_count >= parallelMinExamples && Environment.ProcessorCount > 1)
            {
                best = SearchParallel(query.ToArray(), limit, bound);
            }
            else
            {
                best = new NearestSubjects(limit, bound);
                Scan(query, 0, _count, best);
            }

            var hits = new List<SearchHit>(best.Count);
            for (var i = 0; i < best.Count; i++)
            {
                var distance = MathF.Sqrt(best.DistanceAt(i));
                if (maxDistance is { } m && distance > m)
                {
                    continue;
                }

                var subject = _subjects[best.SubjectAt(i)]!;
                hits.Add(new SearchHit(subject.SubjectId, subject.DisplayName, _ids[best.RowAt(i)], distance));
            }

            return hits;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Every example, for a snapshot. Call while no writer can run.</summary>
    public IEnumerable<(Guid Id, string SubjectId, string DisplayName, ReadOnlyMemory<float> Vector)> Examples()
    {
        for (var row = 0; row < _count; row++)
        {
            var subject = _subjects[_subjectOfRow[row]]!;
            yield return (_ids[row], subject.SubjectId, subject.DisplayName, _vectors.AsMemory(row * _dimension, _dimension));
        }
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            _graph?.Dispose();
            _graph = null;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        _lock.Dispose();
    }

    private NearestSubjects SearchParallel(float[] query, int limit, float bound)
    {
        // Each worker gets an equal share; a chunk's top-k contains every subject of the global top-k
        // whose nearest example lies in that chunk, so merging the partial results is exact.
        var workers = Environment.ProcessorCount;
        var chunk = (_count + workers - 1) / workers;
        var partial = new NearestSubjects[workers];
        Parallel.For(0, workers, w =>
        {
            var result = new NearestSubjects(limit, bound);
            var start = w * chunk;
            Scan(query, start, Math.Min(_count, start + chunk), result);
            partial[w] = result;
        });
        var best = partial[0];
        for (var w = 1; w < workers; w++)
        {
            best.Merge(partial[w]);
        }

        return best;
    }

    private void Scan(ReadOnlySpan<float> query, int start, int end, NearestSubjects best)
    {
        var vectors = _vectors.AsSpan();
        var threshold = best.Threshold;
        for (var row = start; row < end; row++)
        {
            var distance = SquaredDistance.Compute(query, vectors.Slice(row * _dimension, _dimension));
            if (distance <= threshold)
            {
                best.Offer(_subjectOfRow[row], row, distance);
                threshold = best.Threshold;
            }
        }
    }

    private int SubjectNumber(string subjectId, string displayName)
    {
        if (_subjectNumbers.TryGetValue(subjectId, out var number))
        {
            // The latest enrolment names the subject.
            _subjects[number]!.DisplayName = displayName;
            return number;
        }

        number = _subjects.Count;
        _subjects.Add(new SubjectEntry(subjectId, displayName));
        _subjectNumbers[subjectId] = number;
        return number;
    }

    private void Release(int subject, int examples)
    {
        var entry = _subjects[subject]!;
        entry.ExampleCount -= examples;
        if (entry.ExampleCount <= 0)
        {
            _subjectNumbers.Remove(entry.SubjectId);
            _subjects[subject] = null;
        }
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= _ids.Length)
        {
            return;
        }

        var capacity = Math.Max(rows, _ids.Length * 2);
        Array.Resize(ref _vectors, checked(capacity * _dimension));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _subjectOfRow, capacity);
    }

    // The squared bound is rounded up one step so the exact check on the root decides ties, not rounding.
    private static float NextUp(float value) => float.IsFinite(value) ? MathF.BitIncrement(value) : value;

    private sealed class SubjectEntry(string subjectId, string displayName)
    {
        public string SubjectId { get; } = subjectId;

        public string DisplayName { get; set; } = displayName;

        public int ExampleCount { get; set; }

        public SubjectInfo ToInfo() => new(SubjectId, DisplayName, ExampleCount);
    }
}
