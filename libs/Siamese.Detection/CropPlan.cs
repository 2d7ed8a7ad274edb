using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>How a picture was cut: the detector used, the crops, the detections the gate rejected, and why there is no crop.</summary>
/// <param name="Detector">The detector's name (<c>passthrough</c>, <c>regions</c>, <c>yunet-s_dynamic</c>, <c>ultraface-rfb-320</c>).</param>
/// <param name="ImageWidth">The picture's width in pixels.</param>
/// <param name="ImageHeight">The picture's height in pixels.</param>
/// <param name="Crops">The crops, in detection order.</param>
/// <param name="Rejected">Detections the quality gate turned away, each with its reason.</param>
/// <param name="Reason">When <paramref name="Crops"/> is empty, why (nothing found, everything rejected); null otherwise.</param>
public sealed record CropPlan(
    string Detector, int ImageWidth, int ImageHeight, IReadOnlyList<PlannedCrop> Crops, IReadOnlyList<RejectedDetection> Rejected, string? Reason)
{
    /// <summary>This plan of a reduced decode in the pixels of the <paramref name="width"/>×<paramref name="height"/> image as sent.</summary>
    internal CropPlan ScaledTo(int width, int height)
    {
        var (fx, fy) = ((float)width / ImageWidth, (float)height / ImageHeight);
        PixelRect Scale(PixelRect r)
        {
            var x = (int)MathF.Floor(r.X * fx);
            var y = (int)MathF.Floor(r.Y * fy);
            return new PixelRect(x, y, (int)MathF.Ceiling(r.Right * fx) - x, (int)MathF.Ceiling(r.Bottom * fy) - y).ClampTo(width, height);
        }

        return this with
        {
            ImageWidth = width,
            ImageHeight = height,
            Crops = [.. Crops.Select(c => c with { Box = Scale(c.Box), Region = c.Region is { } region ? Scale(region) : null })],
            Rejected = [.. Rejected.Select(r => r with { Box = Scale(r.Box) })],
        };
    }
}
