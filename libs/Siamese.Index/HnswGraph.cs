namespace Siamese.Index;

/// <summary>
/// One HNSW graph (USearch, squared Euclidean) over a tenant's rows: the key of an example is its row number.
/// Adds from several threads are safe once capacity is reserved; searches are safe beside each other. The
/// owner serialises structural changes (reserve, remove, rename) against searches.
/// </summary>
internal sealed class HnswGraph : IDisposable
{
    private const int Float32Kind = 1;
    private nint _handle;

    private HnswGraph(nint handle, int dimension)
    {
        _handle = handle;
        Dimension = dimension;
    }

    public int Dimension { get; }

    public long Count => (long)Call((nint h, out nint e) => UsearchNative.Size(h, out e), "size");

    public long MemoryBytes => (long)Call((nint h, out nint e) => UsearchNative.MemoryUsage(h, out e), "memory usage");

    public static HnswGraph Create(int dimension, HnswSettings settings)
    {
        var options = new UsearchNative.InitOptions
        {
            MetricKind = UsearchNative.MetricL2Squared,
            Quantization = (int)settings.Storage,
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)settings.Connectivity,
            ExpansionAdd = (nuint)settings.ExpansionAdd,
            ExpansionSearch = (nuint)settings.ExpansionSearch,
        };
        var handle = UsearchNative.Init(ref options, out var error);
        UsearchNative.Check(error, "init");
        return new HnswGraph(handle, dimension);
    }

    /// <summary>
    /// Loads a graph saved by <see cref="Save"/>; its expansion for search is set from <paramref name="settings"/>.
    /// <paramref name="freeSlots"/> is <see cref="FreeSlots"/> as it was saved (USearch keeps a file's free slots free).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is unreadable or of another dimension.</exception>
    public static HnswGraph Load(string path, int dimension, HnswSettings settings, long freeSlots)
    {
        var graph = Create(dimension, settings);
        graph._freeSlots = freeSlots;
        try
        {
            UsearchNative.Load(graph._handle, path, out var error);
            if (error != 0)
            {
                throw new InvalidDataException($"Graph '{path}' could not be loaded: {System.Runtime.InteropServices.Marshal.PtrToStringUTF8(error)}");
            }

            var stored = (int)UsearchNative.Dimensions(graph._handle, out error);
            UsearchNative.Check(error, "dimensions");
            if (stored != dimension)
            {
                throw new InvalidDataException($"Graph '{path}' holds dimension {stored}, not {dimension}.");
            }

            UsearchNative.ChangeExpansionSearch(graph._handle, (nuint)settings.ExpansionSearch, out error);
            UsearchNative.Check(error, "set expansion");
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>Makes room for <paramref name="count"/> keys in all (doubling, so growth is amortised).</summary>
    public void EnsureCapacity(long count)
    {
        var capacity = (long)Call((nint h, out nint e) => UsearchNative.Capacity(h, out e), "capacity");
        if (count <= capacity)
        {
            return;
        }

        UsearchNative.Reserve(_handle, (nuint)Math.Max(count, Math.Max(1024, capacity * 2)), out var error);
        UsearchNative.Check(error, "reserve");
    }

    /// <summary>Sets the candidate list size (ef) searches use from now on.</summary>
    public void SetExpansionSearch(int expansion)
    {
        UsearchNative.ChangeExpansionSearch(_handle, (nuint)expansion, out var error);
        UsearchNative.Check(error, "set expansion");
    }

    public void Add(long key, ReadOnlySpan<float> vector)
    {
        UsearchNative.Add(_handle, (ulong)key, vector, Float32Kind, out var error);
        UsearchNative.Check(error, "add");

        // USearch takes a free slot for an add whenever it has one (index_dense's add_ pops its ring of free slots).
        long free;
        do
        {
            free = Volatile.Read(ref _freeSlots);
        }
        while (free > 0 && Interlocked.CompareExchange(ref _freeSlots, free - 1, free) != free);
    }

    private long _freeSlots;
    private long _fillers;

    /// <summary>
    /// Slots of removed entries, which USearch keeps (it only marks an entry removed) and hands to later adds. Each
    /// holds the removed entry's vector, in memory and in a file the graph is saved to, until an add reuses it or
    /// <see cref="FillFreeSlots"/> overwrites it.
    /// </summary>
    public long FreeSlots => Volatile.Read(ref _freeSlots);

    /// <summary>
    /// True once an entry was removed since the graph was built, loaded or its free slots last filled
    /// (<see cref="FillFreeSlots"/>, <see cref="RemoveFillers"/>): a free slot may hold a removed example's vector (a
    /// filler's copy of a row that was deleted since included).
    /// </summary>
    public bool HoldsRemovedVectors { get; private set; }

    /// <summary>Removes <paramref name="key"/>; false when the graph did not hold it (the library reports 0 removed).</summary>
    public bool Remove(long key)
    {
        var removed = RemoveEntry(key);
        HoldsRemovedVectors |= removed;
        return removed;
    }

    /// <summary>
    /// Overwrites up to <paramref name="max"/> free slots with copies of live rows' vectors (<paramref name="rows"/>
    /// rows of <see cref="Dimension"/> values in <paramref name="arena"/>, taken with a stride so that they spread like
    /// the data), each under a filler key that no row has; returns how many. Called until it returns 0, then
    /// <see cref="RemoveFillers"/>: every free slot then holds a copy of a row that was live when it was filled.
    /// Not the zero vector: dead entries all at one spot crowd a search near it, which then has to ask the graph for
    /// many more candidates, or scan. Searches may meet fillers until they are removed: any key at or past the row
    /// count is one.
    /// </summary>
    public int FillFreeSlots(int max, float[] arena, int rows)
    {
        if (rows <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "A free slot is filled with a live row's copy: there must be one.");
        }

        var filled = 0;
        while (filled < max && FreeSlots > 0)
        {
            var row = (int)(_fillers * FillStride % rows);
            Add(FillerKey(_fillers++), arena.AsSpan(row * Dimension, Dimension));
            filled++;
        }

        return filled;
    }

    // A prime: consecutive fillers copy rows far apart in the arena (rows follow the enrolment order).
    private const long FillStride = 7919;

    /// <summary>
    /// Removes up to <paramref name="max"/> of the fillers <see cref="FillFreeSlots"/> added, returning how many are
    /// left; once none is, the free slots hold copies of live rows only and <see cref="HoldsRemovedVectors"/> is false.
    /// </summary>
    public long RemoveFillers(int max)
    {
        for (var i = 0; i < max && _fillers > 0; i++)
        {
            if (!RemoveEntry(FillerKey(--_fillers)))
            {
                throw new InvalidOperationException("USearch remove failed: a filler key was not in the graph.");
            }
        }

        if (_fillers == 0)
        {
            HoldsRemovedVectors = false;
        }

        return _fillers;
    }

    // Row keys are array indices (below int.MaxValue); USearch reserves ulong.MaxValue for a free slot's key.
    private static long FillerKey(long filler) => long.MaxValue - filler;

    private bool RemoveEntry(long key)
    {
        var removed = UsearchNative.Remove(_handle, (ulong)key, out var error);
        UsearchNative.Check(error, "remove");
        if (removed > 0)
        {
            Interlocked.Increment(ref _freeSlots);
        }

        return removed > 0;
    }

    /// <summary>Gives the entry of <paramref name="from"/> the key <paramref name="to"/>; false when the graph did not hold <paramref name="from"/>.</summary>
    public bool Rename(long from, long to)
    {
        var renamed = UsearchNative.Rename(_handle, (ulong)from, (ulong)to, out var error);
        UsearchNative.Check(error, "rename");
        return renamed > 0;
    }

    /// <summary>Up to <c>keys.Length</c> approximate nearest keys with squared distances, nearest first; returns how many.</summary>
    public int Search(ReadOnlySpan<float> query, Span<long> keys, Span<float> squaredDistances)
    {
        var found = UsearchNative.Search(
            _handle, query, Float32Kind, (nuint)keys.Length, System.Runtime.InteropServices.MemoryMarshal.Cast<long, ulong>(keys), squaredDistances, out var error);
        UsearchNative.Check(error, "search");
        return (int)found;
    }

    public void Save(string path)
    {
        UsearchNative.Save(_handle, path, out var error);
        UsearchNative.Check(error, "save");
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            UsearchNative.Free(handle, out _);
        }
    }

    private delegate nuint NativeQuery(nint handle, out nint error);

    private nuint Call(NativeQuery query, string operation)
    {
        var result = query(_handle, out var error);
        UsearchNative.Check(error, operation);
        return result;
    }
}
