namespace Siamese.Index.Qdrant.Api;

/// <summary>Search tuning: <see cref="Exact"/> skips the HNSW graph and scans.</summary>
public sealed record SearchParams(bool? Exact = null, int? HnswEf = null);
