using Siamese.Contracts;
using Siamese.Detection;
using Siamese.Imaging;

namespace Siamese.Detect;

/// <summary>Per-camera settings (<c>Detect:Cameras:&lt;cameraId&gt;</c>).</summary>
public sealed class CameraOptions
{
    /// <summary>The detector for this camera; unset, <c>Crops:Detector</c> or the model decides.</summary>
    public DetectorKind? Detector { get; set; }

    /// <summary>Fixed regions (used when a frame carries none): the regions detector's, and an item model's default.</summary>
    public IList<BoundingBox> Regions { get; } = [];

    /// <summary>These settings as the crop planner takes them.</summary>
    public CameraSettings ToSettings() => new(Detector, [.. Regions.Select(r => new PixelRect(r.X, r.Y, r.Width, r.Height))]);
}
