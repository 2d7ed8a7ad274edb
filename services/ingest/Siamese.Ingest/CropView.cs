using Siamese.Contracts;

namespace Siamese.Ingest;

/// <summary>One crop of a frame's result, as the camera's owner sees it.</summary>
/// <param name="Distance">Distance to the nearest subject; null when the gallery is empty.</param>
/// <param name="DisplayName">The nearest subject's display name, as enrolled ("Soap bar" for <c>soap-bar</c>).</param>
public sealed record CropView(int Index, BoundingBox Box, float Score, string? Subject, float? Distance, bool Known, string? DisplayName = null)
{
    public static CropView From(CropIdentity c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CropView(c.Index, c.Box, c.Score, c.Subject, float.IsFinite(c.Distance) ? c.Distance : null, c.Known, c.DisplayName);
    }
}
