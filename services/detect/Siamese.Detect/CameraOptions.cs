using Siamese.Contracts;

namespace Siamese.Detect;

/// <summary>Per-camera settings (<c>Detect:Cameras:&lt;cameraId&gt;</c>).</summary>
public sealed class CameraOptions
{
    /// <summary>The detector for this camera; unset uses <see cref="DetectOptions.DefaultDetector"/>.</summary>
    public DetectorKind? Detector { get; set; }

    /// <summary>Fixed regions for the regions detector (used when a frame carries none).</summary>
    public IList<BoundingBox> Regions { get; } = [];
}
