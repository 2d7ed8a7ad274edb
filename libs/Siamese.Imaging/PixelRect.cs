namespace Siamese.Imaging;

/// <summary>An axis-aligned box in pixels: left, top, width, height.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    /// <summary>The part of this box inside an image of the given size (may be empty).</summary>
    public PixelRect ClampTo(int imageWidth, int imageHeight)
    {
        var x1 = Math.Clamp(X, 0, imageWidth);
        var y1 = Math.Clamp(Y, 0, imageHeight);
        var x2 = Math.Clamp(Right, 0, imageWidth);
        var y2 = Math.Clamp(Bottom, 0, imageHeight);
        return new PixelRect(x1, y1, Math.Max(0, x2 - x1), Math.Max(0, y2 - y1));
    }
}
