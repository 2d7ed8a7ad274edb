namespace Siamese.Imaging;

/// <summary>Why an image could not be decoded.</summary>
public enum ImageError
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The bytes are not an image format Siamese reads.</summary>
    UnsupportedFormat,

    /// <summary>The header or data is malformed.</summary>
    Corrupt,

    /// <summary>The data ends before the image does.</summary>
    Truncated,

    /// <summary>More bytes or pixels than the configured limits allow.</summary>
    TooLarge,
}
