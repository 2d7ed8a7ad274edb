using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Imaging;

namespace Siamese.Detect;

/// <summary>
/// Cuts a detection out of the frame: grows detector boxes to the model's aspect ratio (and by
/// <see cref="DetectOptions.BoxScale"/>) so the crop frames a face like a training image, converts to gray and
/// resizes to the model's input with the trainer's resize.
/// </summary>
public sealed class CropExtractor(CropSize size, IOptions<DetectOptions> options)
{
    private readonly DetectOptions _options = options.Value;

    public CropSize Size { get; } = size;

    /// <summary>The region to cut for a detector box (grown and kept inside the image where possible).</summary>
    public PixelRect CropRegion(PixelRect box, int imageWidth, int imageHeight, bool grow)
    {
        if (!grow)
        {
            return box.ClampTo(imageWidth, imageHeight);
        }

        var aspect = (float)Size.Width / Size.Height;
        var height = Math.Max(box.Height, box.Width / aspect) * _options.BoxScale;
        var width = height * aspect;
        var cx = box.X + (box.Width / 2f);
        var cy = box.Y + (box.Height / 2f) + (_options.BoxShiftY * height);
        var w = Math.Max(1, (int)MathF.Round(width));
        var h = Math.Max(1, (int)MathF.Round(height));

        // Slide the region back inside the frame rather than clipping it, so the aspect ratio survives near edges.
        var x = Math.Clamp((int)MathF.Round(cx - (width / 2f)), 0, Math.Max(0, imageWidth - w));
        var y = Math.Clamp((int)MathF.Round(cy - (height / 2f)), 0, Math.Max(0, imageHeight - h));
        return new PixelRect(x, y, w, h).ClampTo(imageWidth, imageHeight);
    }

    /// <summary>The crop of <paramref name="region"/>: gray, resized to <see cref="Size"/>, 8-bit.</summary>
    public byte[] Cut(RgbImage frame, PixelRect region)
    {
        return ToBytes(ImageOps.Crop(frame, region).ToGray().Resize(Size.Width, Size.Height));
    }

    /// <summary>A gray crop as 8-bit pixels (rounded, clamped to 0..255).</summary>
    public static byte[] ToBytes(GrayImage gray)
    {
        ArgumentNullException.ThrowIfNull(gray);
        var bytes = new byte[gray.Pixels.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp(MathF.Round(gray.Pixels[i]), 0, 255);
        }

        return bytes;
    }

    /// <summary>Null when the detection passes the quality gate, otherwise why not.</summary>
    public string? Reject(PixelRect box) =>
        Math.Min(box.Width, box.Height) < _options.MinCropSize
            ? $"the detection is {box.Width}×{box.Height} pixels, smaller than the minimum of {_options.MinCropSize}"
            : null;

    public static BoundingBox ToBox(PixelRect r) => new(r.X, r.Y, r.Width, r.Height);
}
