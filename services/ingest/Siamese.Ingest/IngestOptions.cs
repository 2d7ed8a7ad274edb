using System.ComponentModel.DataAnnotations;

namespace Siamese.Ingest;

/// <summary>Settings of the ingest service (section <c>Ingest</c>); frame size limits are the <c>ImageLimits</c> section.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Most regions one frame may carry (422 above).</summary>
    [Range(1, 10_000)]
    public int MaxRegions { get; set; } = 64;

    /// <summary>How long a frame's status and result stay fetchable after it was received.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Most frames kept; the oldest are forgotten first.</summary>
    [Range(1, 10_000_000)]
    public int MaxStoredFrames { get; set; } = 100_000;

    /// <summary>In open mode (no API keys), the tenant of requests without an <c>X-Tenant</c> header; with keys the key decides.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DefaultTenant { get; set; } = "default";
}
