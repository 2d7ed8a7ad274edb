using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>A detector box in (sub)pixels: left, top, width, height.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;

    public float Bottom => Y + Height;

    /// <summary>The box rounded to whole pixels and clamped to an image of the given size (may be empty).</summary>
    public PixelRect ToPixelRect(int imageWidth, int imageHeight)
    {
        var left = (int)MathF.Round(X);
        var top = (int)MathF.Round(Y);
        var right = (int)MathF.Round(Right);
        var bottom = (int)MathF.Round(Bottom);
        return new PixelRect(left, top, right - left, bottom - top).ClampTo(imageWidth, imageHeight);
    }
}
