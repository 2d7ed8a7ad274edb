using System.Numerics;

namespace Siamese.Detection;

/// <summary>
/// YuNet's five landmarks in pixels of the detected image, in YuNet's order. "Right" and "left" are the
/// subject's: the right eye appears on the left of an upright, frontal image.
/// </summary>
public readonly record struct FaceLandmarks(Vector2 RightEye, Vector2 LeftEye, Vector2 Nose, Vector2 RightMouth, Vector2 LeftMouth)
{
    /// <summary>The landmarks moved by (<paramref name="dx"/>, <paramref name="dy"/>), e.g. from a canvas back into the image pasted in it.</summary>
    public FaceLandmarks Offset(float dx, float dy)
    {
        var d = new Vector2(dx, dy);
        return new FaceLandmarks(RightEye + d, LeftEye + d, Nose + d, RightMouth + d, LeftMouth + d);
    }

    /// <summary>The five points in YuNet's order.</summary>
    public Vector2[] ToArray() => [RightEye, LeftEye, Nose, RightMouth, LeftMouth];

    /// <summary>Landmarks from five points in YuNet's order.</summary>
    public static FaceLandmarks FromArray(ReadOnlySpan<Vector2> points) =>
        points.Length == 5
            ? new FaceLandmarks(points[0], points[1], points[2], points[3], points[4])
            : throw new ArgumentException($"Expected 5 landmarks, got {points.Length}.", nameof(points));
}
