using System.ComponentModel.DataAnnotations;

namespace Siamese.Detect;

/// <summary>
/// Settings of the detect service (section <c>Detect</c>). How pictures are cut is the <c>Crops</c> section, shared
/// with match; the models are the <c>Models</c> section; image limits the <c>ImageLimits</c> section.
/// </summary>
public sealed class DetectOptions
{
    public const string SectionName = "Detect";

    /// <summary>
    /// Frames the bus consumer holds at once; 0 = <see cref="FramesPerCore"/> per core. A frame keeps its slot until
    /// the broker confirms its crops (publisher confirms: tens of ms on RabbitMQ) while its CPU work is a few ms, so
    /// one per core left the cores idle (pipeline benchmark, 2 cores: 46 frames/s at 2, 76 at 4, 83 at 8, 90 at 16).
    /// </summary>
    [Range(0, 256)]
    public int ConcurrentFrames { get; set; }

    /// <summary>Frames held per core when <see cref="ConcurrentFrames"/> is 0.</summary>
    public const int FramesPerCore = 4;

    /// <summary>The consumer's limit: <see cref="ConcurrentFrames"/>, or <see cref="FramesPerCore"/> per core.</summary>
    public int ConsumerLimit => ConcurrentFrames > 0 ? ConcurrentFrames : FramesPerCore * Environment.ProcessorCount;

    /// <summary>Per-camera detector and regions, keyed by camera id.</summary>
    public IDictionary<string, CameraOptions> Cameras { get; } = new Dictionary<string, CameraOptions>(StringComparer.Ordinal);
}
