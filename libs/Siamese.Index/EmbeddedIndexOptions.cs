using System.ComponentModel.DataAnnotations;

namespace Siamese.Index;

/// <summary>Settings of the embedded (in-process, on-disk) vector index.</summary>
public sealed class EmbeddedIndexOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>Match:Embedded</c>.</summary>
    public const string SectionName = "Match:Embedded";

    /// <summary>Where the log and snapshot live; each model gets its own subdirectory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data/index";

    /// <summary>
    /// Flush every acknowledged write to the disk (fsync). Turning it off survives a process crash
    /// but not a power loss; only for tests and benchmarks.
    /// </summary>
    public bool Fsync { get; set; } = true;

    /// <summary>When the log grows past this many bytes it is folded into a new snapshot.</summary>
    [Range(4096, long.MaxValue, ErrorMessage = "CompactAfterBytes must be at least 4096 (bytes).")]
    public long CompactAfterBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a deleted subject's vectors may stay in the index's files. A delete is a log record, and the vectors
    /// leave the files when the log is folded into a new snapshot: the first delete after a compaction schedules one
    /// this long after it, which later deletes share. Zero compacts before each delete is acknowledged (a rewrite of
    /// the snapshot per delete). A tenant's deletion compacts at once whatever this says.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ErasureDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Galleries with at least this many examples are searched in parallel chunks.</summary>
    [Range(1024, int.MaxValue)]
    public int ParallelSearchMinExamples { get; set; } = 65_536;

    /// <summary>
    /// Search large galleries through an HNSW graph (approximate candidates, re-ranked with exact distances).
    /// Off: every search is an exact scan.
    /// </summary>
    public bool ApproximateSearch { get; set; } = true;

    /// <summary>
    /// A tenant's gallery gets a graph once it holds this many examples; smaller galleries are scanned exactly,
    /// which is as fast there (measured: <c>bench/results/index.json</c>) and needs no graph memory. A gallery that
    /// deletes take below half of this loses its graph at the next compaction.
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int ApproximateMinExamples { get; set; } = 32_768;

    /// <summary>HNSW edges per node (M). More: better recall, more memory, slower build.</summary>
    [Range(4, 128)]
    public int HnswConnectivity { get; set; } = 16;

    /// <summary>HNSW candidate list while building (ef_construction). More: better graph, slower build.</summary>
    [Range(8, 4096)]
    public int HnswExpansionAdd { get; set; } = 64;

    /// <summary>HNSW candidate list while searching (ef). More: better recall, slower search.</summary>
    [Range(8, 4096)]
    public int HnswExpansionSearch { get; set; } = 160;

    /// <summary>How the graph stores its copy of the vectors; results are re-ranked with exact float32 distances either way.</summary>
    [EnumDataType(typeof(GraphStorage))]
    public GraphStorage GraphStorage { get; set; } = GraphStorage.Float16;

    /// <summary>A data directory that is an existing file cannot hold the models' folders: said at start, not at the first write.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory) && File.Exists(DataDirectory))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(DataDirectory)} '{DataDirectory}' is a file: name a folder (each model gets a folder of its own in it).",
                [nameof(DataDirectory)]);
        }
    }
}
