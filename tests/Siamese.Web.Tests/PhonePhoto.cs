using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Web.Tests;

/// <summary>
/// A JPEG the size of a phone photo (5 MB and more): a generated item drawn large, with sensor-like noise so the
/// encoder cannot shrink it, grown until it passes the size asked for.
/// </summary>
internal static class PhonePhoto
{
    public static byte[] Create(string scratchFolder, long minimumBytes = 5L * 1024 * 1024)
    {
        var random = new Random(12);
        for (var width = 2000; ; width = (int)(width * 1.2))
        {
            var height = width * 4 / 3;
            var drawn = SyntheticDataset.Generate(Path.Combine(scratchFolder, $"item-{width}"), classes: 1, perClass: 1, seed: 12, width, height);
            var gray = ImageDecoder.LoadGray(drawn[0].Path);
            var rgb = new byte[width * height * 3];
            for (var i = 0; i < gray.Pixels.Length; i++)
            {
                var v = gray.Pixels[i] + random.Next(-40, 41);
                for (var c = 0; c < 3; c++)
                {
                    rgb[(3 * i) + c] = (byte)Math.Clamp(v + random.Next(-12, 13), 0, 255);
                }
            }

            var jpeg = ImageEncoder.EncodeJpeg(new RgbImage(width, height, rgb), quality: 95);
            if (jpeg.Length >= minimumBytes)
            {
                return jpeg;
            }
        }
    }
}
