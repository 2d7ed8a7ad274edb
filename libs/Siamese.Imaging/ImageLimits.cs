namespace Siamese.Imaging;

/// <summary>Limits checked before any pixel buffer is allocated.</summary>
public sealed record ImageLimits
{
    /// <summary>Safe defaults: 20 MB of encoded bytes, 40 megapixels.</summary>
    public static ImageLimits Default { get; } = new();

    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Most decoded pixels of all the images of one request together (an enrolment of many photos, a batch of crops).</summary>
    public long MaxPixelsPerRequest { get; init; } = 64_000_000;
}
