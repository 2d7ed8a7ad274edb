using System.ComponentModel.DataAnnotations;

namespace Siamese.Detect;

/// <summary>
/// Settings of the detect service (section <c>Detect</c>). How pictures are cut is the <c>Crops</c> section, shared
/// with match; the models are the <c>Models</c> section; image limits the <c>ImageLimits</c> section.
/// </summary>
public sealed class DetectOptions
{
    public const string SectionName = "Detect";

    /// <summary>Frames detected at once by the bus consumer; 0 = one per core.</summary>
    [Range(0, 256)]
    public int ConcurrentFrames { get; set; }

    /// <summary>Per-camera detector and regions, keyed by camera id.</summary>
    public IDictionary<string, CameraOptions> Cameras { get; } = new Dictionary<string, CameraOptions>(StringComparer.Ordinal);
}
