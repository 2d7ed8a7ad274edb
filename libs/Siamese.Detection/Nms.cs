using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// Greedy non-maximum suppression, as OpenCV's <c>NMSBoxes</c> and UltraFace's <c>hard_nms</c>: best score first, a
/// box is kept unless it overlaps a kept one by more than the IoU threshold; only the <c>topK</c> best take part.
/// </summary>
internal static class Nms
{
    public static List<T> Apply<T>(IEnumerable<T> candidates, Func<T, PixelRect> box, Func<T, float> score, float iouThreshold, int topK)
    {
        var kept = new List<T>();
        foreach (var c in candidates.OrderByDescending(score).Take(topK))
        {
            if (kept.TrueForAll(k => Iou(box(k), box(c)) <= iouThreshold))
            {
                kept.Add(c);
            }
        }

        return kept;
    }

    public static float Iou(PixelRect a, PixelRect b)
    {
        var w = Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X));
        var h = Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y));
        var overlap = (float)w * h;
        var union = ((float)a.Width * a.Height) + ((float)b.Width * b.Height) - overlap;
        return union > 0 ? overlap / union : 0;
    }

    /// <summary>A detector's sub-pixel box (corners) as whole pixels, each edge rounded; not clamped to the image.</summary>
    public static PixelRect Round(float left, float top, float right, float bottom)
    {
        var x1 = (int)MathF.Round(left);
        var y1 = (int)MathF.Round(top);
        return new PixelRect(x1, y1, (int)MathF.Round(right) - x1, (int)MathF.Round(bottom) - y1);
    }
}
