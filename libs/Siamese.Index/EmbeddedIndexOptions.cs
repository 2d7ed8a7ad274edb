using System.ComponentModel.DataAnnotations;

namespace Siamese.Index;

/// <summary>Settings of the embedded (in-process, on-disk) vector index.</summary>
public sealed class EmbeddedIndexOptions
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
    [Range(4096, long.MaxValue)]
    public long CompactAfterBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Galleries with at least this many examples are searched in parallel chunks.</summary>
    [Range(1024, int.MaxValue)]
    public int ParallelSearchMinExamples { get; set; } = 65_536;
}
