namespace Siamese.Imaging;

/// <summary>Encodes images (for generated datasets, test scenes and load generation).</summary>
public static class ImageEncoder
{
    public static byte[] EncodePng(GrayImage image) => throw new NotImplementedException();

    public static byte[] EncodeJpeg(RgbImage image, int quality = 90) => throw new NotImplementedException();

    public static byte[] EncodePng(RgbImage image) => throw new NotImplementedException();

    /// <summary>Binary PGM (P5), 8-bit.</summary>
    public static byte[] EncodePgm(GrayImage image) => throw new NotImplementedException();
}
