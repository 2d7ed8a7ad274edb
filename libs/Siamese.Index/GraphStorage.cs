namespace Siamese.Index;

/// <summary>
/// How the HNSW graph stores its copy of the vectors. Hits are always re-ranked with the exact float32 distance,
/// so this trades graph memory and build speed against how well the graph finds candidates, never the distances reported.
/// Values are USearch's scalar kinds.
/// </summary>
public enum GraphStorage
{
    /// <summary>32-bit floats: the graph holds a full copy of the vectors.</summary>
    Float32 = 1,

    /// <summary>16-bit floats: half the memory; values beyond ±65504 saturate.</summary>
    Float16 = 3,

    /// <summary>8-bit integers: a quarter of the memory; only for embeddings whose elements lie in [-1, 1].</summary>
    Int8 = 4,
}
