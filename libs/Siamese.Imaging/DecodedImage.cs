namespace Siamese.Imaging;

/// <summary>A decoded picture and the size of the image as sent (larger than the picture where it was decoded reduced).</summary>
public sealed record DecodedImage(RgbImage Image, int SourceWidth, int SourceHeight)
{
    /// <summary>True when the picture is smaller than the image as sent.</summary>
    public bool Reduced => Image.Width != SourceWidth || Image.Height != SourceHeight;
}
