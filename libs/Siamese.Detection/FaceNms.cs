namespace Siamese.Detection;

/// <summary>Greedy NMS as OpenCV's <c>NMSBoxes</c>: best score first, a box is kept unless it overlaps a kept one by more than the threshold.</summary>
internal static class FaceNms
{
    public static List<FaceDetection> Apply(List<FaceDetection> candidates, float iouThreshold, int topK)
    {
        var sorted = candidates.OrderByDescending(d => d.Score).Take(topK).ToList();
        var kept = new List<FaceDetection>();
        foreach (var d in sorted)
        {
            if (kept.TrueForAll(k => Iou(k.Box, d.Box) <= iouThreshold))
            {
                kept.Add(d);
            }
        }

        return kept;
    }

    public static float Iou(FaceBox a, FaceBox b)
    {
        var w = Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X));
        var h = Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y));
        var overlap = w * h;
        var union = (a.Width * a.Height) + (b.Width * b.Height) - overlap;
        return union > 0 ? overlap / union : 0;
    }
}
