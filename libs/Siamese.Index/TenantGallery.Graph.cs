namespace Siamese.Index;

/// <summary>
/// The approximate half of <see cref="TenantGallery"/>: an HNSW graph whose keys are the arena's rows. The graph
/// only proposes candidates; every candidate is re-ranked with the exact float32 distance from the arena, so
/// reported distances are exact and only recall is approximate.
/// </summary>
internal sealed partial class TenantGallery
{
    // Rows added per read-lock hold while building: writers wait at most one batch.
    private const int BuildBatch = 1024;

    // Free slots overwritten (or fillers removed) per write-lock hold before a graph is saved: searches wait at most one batch.
    private const int FillBatch = 64;

    // The graph is asked for this many examples per wanted subject (a subject may hold several near examples).
    private const int CandidatesPerSubject = 8;
    private const int MinCandidates = 32;

    private HnswGraph? _graph;

    /// <summary>Whether the graph is in place (searches go through it).</summary>
    public bool HasGraph => Volatile.Read(ref _graph) is not null;

    /// <summary>The graph's free slots, null without one.</summary>
    public long? GraphFreeSlots => Volatile.Read(ref _graph)?.FreeSlots;

    /// <summary>Bytes the graph holds (vectors copy and links), 0 without one.</summary>
    public long GraphMemoryBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _graph?.MemoryBytes ?? 0;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    // Caller holds the write lock. A graph that did not hold a key it must hold (a remove or rename found nothing) no
    // longer matches the rows: it goes, searches scan exactly, and the index builds a new one (MaybeBuildGraph).
    private void KeepGraphIf(bool? held)
    {
        if (held == false)
        {
            _graph!.Dispose();
            _graph = null;
            Volatile.Write(ref _graphDropped, 1);
        }
    }

    private int _graphDropped;

    /// <summary>Whether a graph was dropped (see <see cref="KeepGraphIf"/>) since the last call; clears the mark.</summary>
    public bool TakeGraphDropped() => Interlocked.Exchange(ref _graphDropped, 0) == 1;

    /// <summary>
    /// Tests only: takes <paramref name="row"/>'s key out of the graph behind the gallery's back, as a graph that lost
    /// track of a row would have it; the next remove or rename of that key then drops the graph (<see cref="KeepGraphIf"/>).
    /// </summary>
    internal bool ForgetGraphKey(int row)
    {
        _lock.EnterWriteLock();
        try
        {
            return _graph?.Remove(row) == true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Drops the graph of a gallery that deletes took below <paramref name="belowExamples"/>: such a gallery is searched
    /// exactly, so its graph only held memory and slowed its writes. Returns whether it dropped one.
    /// </summary>
    public bool ReleaseGraphBelow(int belowExamples)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_graph is null || _count >= belowExamples)
            {
                return false;
            }

            _graph.Dispose();
            _graph = null;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Whether a graph should be built: none yet and the gallery has reached <paramref name="minExamples"/>.</summary>
    public bool NeedsGraph(int minExamples) => !HasGraph && Volatile.Read(ref _count) >= minExamples;

    /// <summary>
    /// Whether the graph should be replaced by one built afresh: removed entries, which USearch keeps and searches walk
    /// through, are more than a quarter of the rows (such a graph is not saved either, <see cref="SaveGraph"/>).
    /// </summary>
    public bool NeedsFreshGraph(int minExamples)
    {
        _lock.EnterReadLock();
        try
        {
            return _graph is { } graph && _count >= minExamples && CrowdedByRemoved(graph);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    // Caller holds a lock. Removed entries past a quarter of the rows: such a graph is neither saved nor kept.
    private bool CrowdedByRemoved(HnswGraph graph) => graph.FreeSlots > _count / 4;

    /// <summary>
    /// Builds the graph from the arena while writes go on (a batch of rows per read-lock hold, the batch inserted on
    /// <paramref name="threads"/> threads), catches up and installs it under the write lock, in place of the graph in
    /// use when it began (<see cref="NeedsFreshGraph"/>; that one serves until then). Returns false when an existing
    /// row changed or rows moved meanwhile, so the keys no longer match, or the graph it replaces was dropped: the
    /// caller builds again.
    /// </summary>
    public bool BuildGraph(HnswSettings settings, int threads, CancellationToken cancellationToken)
    {
        long version;
        HnswGraph? replacing;
        int built = 0;
        _lock.EnterReadLock();
        try
        {
            version = _structureVersion;
            replacing = _graph;
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var graph = HnswGraph.Create(_dimension, settings);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken };
            while (true)
            {
                _lock.EnterReadLock();
                try
                {
                    if (_structureVersion != version)
                    {
                        return false;
                    }

                    if (built >= _count)
                    {
                        break;
                    }

                    var end = Math.Min(_count, built + BuildBatch);
                    graph.EnsureCapacity(_count);
                    var vectors = _vectors;
                    Parallel.For(built, end, parallel, row => graph.Add(row, vectors.AsSpan(row * _dimension, _dimension)));
                    built = end;
                }
                finally
                {
                    _lock.ExitReadLock();
                }
            }

            _lock.EnterWriteLock();
            try
            {
                if (Erased || !ReferenceEquals(_graph, replacing))
                {
                    // Erased, or another build installed a graph, or the one this replaces was dropped.
                    return _graph is not null;
                }

                if (_structureVersion != version)
                {
                    return false;
                }

                graph.EnsureCapacity(_count);
                for (var row = built; row < _count; row++)
                {
                    graph.Add(row, _vectors.AsSpan(row * _dimension, _dimension));
                }

                replacing?.Dispose();
                _graph = graph;
                graph = null;
                return true;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        finally
        {
            graph?.Dispose();
        }
    }

    /// <summary>
    /// Installs a graph loaded from disk when it holds exactly this gallery's rows (it was saved with the snapshot
    /// these rows came from); otherwise disposes it and returns false.
    /// </summary>
    public bool AttachGraph(HnswGraph graph)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_graph is not null || graph.Count != _count || graph.Dimension != _dimension)
            {
                graph.Dispose();
                return false;
            }

            _graph = graph;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Sets the search expansion (ef) of the graph, if there is one.</summary>
    public void SetSearchExpansion(int expansion)
    {
        _lock.EnterWriteLock();
        try
        {
            _graph?.SetExpansionSearch(expansion);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Writes the graph to <paramref name="path"/> and returns its free slots (<see cref="HnswGraph.FreeSlots"/>, for
    /// the next load); null when there is no graph, or when removed entries take more than a quarter of it (then it
    /// serves on in memory while the index builds a fresh one, <see cref="NeedsFreshGraph"/>, which the next
    /// compaction saves). A free slot of USearch keeps the removed example's vector, and a deleted face must leave the
    /// files with the compaction: the free slots are overwritten with copies of live rows first
    /// (<see cref="HnswGraph.FillFreeSlots"/>), a batch per write-lock hold, so that the tenant's searches wait for one
    /// batch at most. Caller: the compaction, under the index's append lock, so no write changes the graph meanwhile.
    /// </summary>
    public long? SaveGraph(string path)
    {
        HnswGraph? graph;
        _lock.EnterReadLock();
        try
        {
            graph = _graph;
            if (graph is null || _count == 0 || CrowdedByRemoved(graph))
            {
                return null;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        if (graph.HoldsRemovedVectors && !FillFreeSlots(graph))
        {
            return null;
        }

        _lock.EnterReadLock();
        try
        {
            if (!ReferenceEquals(_graph, graph) || graph.HoldsRemovedVectors)
            {
                return null;
            }

            graph.Save(path);
            return graph.FreeSlots;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Tests only: runs after each batch of <see cref="FillFreeSlots(HnswGraph)"/>, the write lock released.</summary>
    internal Action? FillBatchDone { get; set; }

    // False when the graph went meanwhile (the tenant was erased, or a build replaced a dropped one).
    private bool FillFreeSlots(HnswGraph graph) =>
        InBatches(graph, () => graph.FillFreeSlots(FillBatch, _vectors, _count) == 0, FillBatchDone)
        && InBatches(graph, () => graph.RemoveFillers(FillBatch) == 0, after: null);

    // Runs `done` under the write lock, one hold per call, until it says it is done (true) or the graph is no longer in
    // place (false); `after` runs between holds.
    private bool InBatches(HnswGraph graph, Func<bool> done, Action? after)
    {
        while (true)
        {
            _lock.EnterWriteLock();
            try
            {
                if (!ReferenceEquals(_graph, graph))
                {
                    return false;
                }

                if (done())
                {
                    return true;
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            after?.Invoke();
        }
    }

    // Caller holds the read lock. Asks the graph for more candidates until `limit` distinct subjects are in or the
    // candidates pass the bound; null when it would take half the gallery (scan instead).
    private NearestSubjects? SearchGraph(ReadOnlySpan<float> query, int limit, float squaredBound)
    {
        var wanted = Math.Max(MinCandidates, limit * CandidatesPerSubject);
        while (wanted < _count / 2)
        {
            var keys = new long[wanted];
            var distances = new float[wanted];
            var found = _graph!.Search(query, keys, distances);
            var best = new NearestSubjects(limit, squaredBound);
            var vectors = _vectors.AsSpan();
            for (var i = 0; i < found; i++)
            {
                if (keys[i] >= _count)
                {
                    // A filler of the free slots (SaveGraph), met between two of its batches.
                    continue;
                }

                var row = (int)keys[i];
                var distance = SquaredDistance.Compute(query, vectors.Slice(row * _dimension, _dimension));
                if (distance <= best.Threshold)
                {
                    best.Offer(_subjectOfRow[row], row, distance);
                }
            }

            // The graph's own distances (of its stored copy) only decide whether asking for more can help. Fewer
            // candidates than asked for is no sign that the graph has no more (it holds at least twice as many rows):
            // removed entries near the query took places in its search (USearch skips them in the answer), and a
            // wider search gets past them.
            if (best.Count == limit || (found > 0 && distances[found - 1] > squaredBound * 1.01f))
            {
                return best;
            }

            wanted *= 4;
        }

        return null;
    }
}
