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

    public ImageLimits ToLimits() => new() { MaxBytes = MaxBytes, MaxPixels = MaxPixels };
}
