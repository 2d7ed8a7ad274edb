namespace Siamese.Imaging;

/// <summary>
/// A decode's RGBA pixels (<paramref name="Rgba"/>: rented from the shared array pool, at least Width × Height × 4 bytes)
/// and the size of the image as sent, which is larger where the codec decoded a reduced size.
/// </summary>
internal readonly record struct DecodedRgba(int Width, int Height, byte[] Rgba, int SourceWidth, int SourceHeight);
