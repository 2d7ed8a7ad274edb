using System.ComponentModel.DataAnnotations;
using Siamese.Imaging;

namespace Siamese.ServiceDefaults;

/// <summary>
/// Limits on every image a host decodes (section <c>ImageLimits</c>): camera frames at ingest and detect, Enroll/
/// Identify/Verify images at match, crops at embed. One set for all, so a frame ingest accepts is never refused later.
/// </summary>
public sealed class ImageLimitsOptions
{
    public const string SectionName = "ImageLimits";

    /// <summary>
    /// Most encoded bytes of one image (8 MiB): a 12-megapixel phone JPEG fits, and a frame travels inside one bus
    /// message well under RabbitMQ's 16 MiB message limit.
    /// </summary>
    [Range(1, 64L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Most decoded pixels of one image (16 megapixels, checked before any pixel buffer is allocated).</summary>
    [Range(1, 100_000_000)]
    public long MaxPixels { get; set; } = 16_000_000;

    /// <summary>
    /// Most decoded pixels of all the images of one request together (64 megapixels: four full-size photos): an enrolment
    /// of 64 large images would otherwise cost a gigapixel of decoding. Over it: 413 / RESOURCE_EXHAUSTED.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public long MaxPixelsPerRequest { get; set; } = 64_000_000;

    /// <summary>
    /// Pictures decoded and run through the detector at once (the expensive path: a 16-megapixel picture takes ~100 MB
    /// while it is processed); 0 = one per processor core. Peak memory follows this, not the number of requests.
    /// </summary>
    [Range(0, 1024)]
    public int MaxConcurrentDecodes { get; set; }

    /// <summary>Requests that may wait for a decoding slot; beyond that a request is refused at once (429 / RESOURCE_EXHAUSTED, retry later).</summary>
    [Range(0, 100_000)]
    public int MaxQueuedDecodes { get; set; } = 64;

    public ImageLimits ToLimits() => new() { MaxBytes = MaxBytes, MaxPixels = MaxPixels, MaxPixelsPerRequest = MaxPixelsPerRequest };

    /// <summary>The gate these settings describe.</summary>
    public DecodeGate ToGate() => new(MaxConcurrentDecodes > 0 ? MaxConcurrentDecodes : Environment.ProcessorCount, MaxQueuedDecodes);
}
