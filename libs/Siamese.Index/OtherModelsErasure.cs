namespace Siamese.Index;

/// <summary>What erasing tenants from the indexes of models other than the served one did: per index, or why it was skipped.</summary>
public sealed class OtherModelsErasure
{
    private readonly List<(string Index, long Examples)> _erased = [];
    private readonly List<string> _skipped = [];

    /// <summary>The indexes (folders, collections) read, with the examples erased from each.</summary>
    public IReadOnlyList<(string Index, long Examples)> Erased => _erased;

    /// <summary>The indexes that could not be read, each with why ("in use by another process").</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <summary>The examples erased from all of them.</summary>
    public long Examples => _erased.Sum(e => e.Examples);

    public void Add(string index, long examples) => _erased.Add((index, examples));

    public void Skip(string index, string reason) => _skipped.Add($"{index}: {reason}");
}

/// <summary>Erases a tenant's data from the indexes of the models this host does not serve (the backend's own).</summary>
public interface IOtherModelIndexes
{
    /// <summary>Erases every example of the given index tenants (a tenant and its reserved ones) from every other model's index.</summary>
    Task<OtherModelsErasure> EraseAsync(IReadOnlyCollection<string> tenants, CancellationToken cancellationToken = default);
}

/// <summary>An index whose files can be written anew from what it holds now, so that deleted vectors leave them.</summary>
public interface ICompactableIndex
{
    /// <summary>Rewrites the index's files from its live vectors (a deleted tenant's, say, are then in none of them).</summary>
    Task CompactAsync(CancellationToken cancellationToken = default);
}
