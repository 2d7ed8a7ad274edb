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

    /// <summary>Loads a graph saved by <see cref="Save"/>; its expansion for search is set from <paramref name="settings"/>.</summary>
    /// <exception cref="InvalidDataException">The file is unreadable or of another dimension.</exception>
    public static HnswGraph Load(string path, int dimension, HnswSettings settings)
    {
        var graph = Create(dimension, settings);
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
    }

    /// <summary>
    /// True once an entry was removed: USearch only marks a removed entry, and its vector stays in the graph's memory
    /// and in a file it is saved to (until a later add happens to reuse the slot).
    /// </summary>
    public bool HoldsRemovedVectors { get; private set; }

    /// <summary>Removes <paramref name="key"/>; false when the graph did not hold it (the library reports 0 removed).</summary>
    public bool Remove(long key)
    {
        var removed = UsearchNative.Remove(_handle, (ulong)key, out var error);
        UsearchNative.Check(error, "remove");
        HoldsRemovedVectors |= removed > 0;
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
