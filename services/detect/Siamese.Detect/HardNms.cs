namespace Siamese.Detect;

/// <summary>
/// Hard non-maximum suppression as UltraFace's <c>box_utils_numpy.hard_nms</c>: the best box wins, boxes that
/// overlap it by more than the IoU threshold go; only the top candidates by score take part.
/// </summary>
internal static class HardNms
{
    public static List<(float X1, float Y1, float X2, float Y2, float Score)> Apply(
        List<(float X1, float Y1, float X2, float Y2, float Score)> boxes, float iouThreshold, int maxCandidates)
    {
        var candidates = boxes.OrderByDescending(b => b.Score).Take(maxCandidates).ToList();
        var kept = new List<(float X1, float Y1, float X2, float Y2, float Score)>();
        var removed = new bool[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            if (removed[i])
            {
                continue;
            }

            kept.Add(candidates[i]);
            for (var j = i + 1; j < candidates.Count; j++)
            {
                if (!removed[j] && Iou(candidates[i], candidates[j]) > iouThreshold)
                {
                    removed[j] = true;
                }
            }
        }

        return kept;
    }

    public static float Iou((float X1, float Y1, float X2, float Y2, float Score) a, (float X1, float Y1, float X2, float Y2, float Score) b)
    {
        var overlap = Area(Math.Max(a.X1, b.X1), Math.Max(a.Y1, b.Y1), Math.Min(a.X2, b.X2), Math.Min(a.Y2, b.Y2));
        return overlap / (Area(a.X1, a.Y1, a.X2, a.Y2) + Area(b.X1, b.Y1, b.X2, b.Y2) - overlap + 1e-5f);
    }

    private static float Area(float x1, float y1, float x2, float y2) => Math.Max(0, x2 - x1) * Math.Max(0, y2 - y1);
}
