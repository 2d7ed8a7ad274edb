namespace Siamese.Imaging;

/// <summary>Pixel operations shared by trainer and services.</summary>
public static class ImageOps
{
    public static GrayImage ToGray(RgbImage image) => throw new NotImplementedException();

    public static GrayImage Crop(GrayImage image, PixelRect region) => throw new NotImplementedException();

    public static RgbImage Crop(RgbImage image, PixelRect region) => throw new NotImplementedException();

    public static GrayImage Resize(GrayImage image, int width, int height) => throw new NotImplementedException();

    /// <summary>Writes (pixel / 255 - mean) / std for each pixel into <paramref name="destination"/> (length W×H).</summary>
    public static void Normalize(GrayImage image, float mean, float std, Span<float> destination) => throw new NotImplementedException();
}
