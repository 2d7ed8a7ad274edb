namespace Siamese.Match;

/// <summary>Which <see cref="Index.IVectorIndex"/> implementation the match service uses.</summary>
public enum VectorIndexKind
{
    /// <summary>In-process, persisted to disk (the default, and the standalone host's).</summary>
    Embedded,

    /// <summary>A Qdrant server.</summary>
    Qdrant,
}
