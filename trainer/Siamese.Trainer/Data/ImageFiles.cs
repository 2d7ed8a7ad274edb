using Siamese.Imaging;

namespace Siamese.Trainer.Data;

/// <summary>Images decoded for training and evaluation: a file that cannot be decoded is an error naming it.</summary>
public static class ImageFiles
{
    /// <exception cref="InvalidDataException">The file is not an image the decoder reads.</exception>
    public static GrayImage LoadGray(string path) => Decode(path, p => ImageDecoder.LoadGray(p));

    /// <exception cref="InvalidDataException">The file is not an image the decoder reads.</exception>
    public static RgbImage LoadRgb(string path) => Decode(path, p => ImageDecoder.LoadRgb(p));

    private static T Decode<T>(string path, Func<string, T> decode)
    {
        try
        {
            return decode(path);
        }
        catch (ImageDecodeException e)
        {
            throw new InvalidDataException($"Cannot read '{path}': {e.Message}", e);
        }
    }
}
