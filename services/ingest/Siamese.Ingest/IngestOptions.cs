using System.ComponentModel.DataAnnotations;
using Siamese.Imaging;

namespace Siamese.Ingest;

/// <summary>Settings of the ingest service (section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>
    /// Most encoded bytes of one frame (413 above). Frames travel inside the bus message, so this also bounds
    /// message size; 4 MiB keeps a RabbitMQ message well under its limits.
    /// </summary>
    [Range(1, 64L * 1024 * 1024)]
    public long MaxFrameBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Most decoded pixels of one frame (413 above).</summary>
    [Range(1, 100_000_000)]
    public long MaxFramePixels { get; set; } = 16_000_000;

    /// <summary>Most regions one frame may carry (422 above).</summary>
    [Range(1, 10_000)]
    public int MaxRegions { get; set; } = 64;

    /// <summary>How long a frame's status and result stay fetchable after it was received.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Most frames kept; the oldest are forgotten first.</summary>
    [Range(1, 10_000_000)]
    public int MaxStoredFrames { get; set; } = 100_000;

    /// <summary>The tenant of requests without an <c>X-Tenant</c> header.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DefaultTenant { get; set; } = "default";

    public ImageLimits ImageLimits => new() { MaxBytes = MaxFrameBytes, MaxPixels = MaxFramePixels };
}
