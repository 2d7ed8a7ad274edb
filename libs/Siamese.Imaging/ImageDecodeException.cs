namespace Siamese.Imaging;

/// <summary>The one exception type for images that cannot be read; the message says what was wrong.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(ImageError error, string message)
        : base(message)
    {
        Error = error;
    }

    public ImageDecodeException(ImageError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    public ImageError Error { get; }
}
