using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>A camera's own cropping settings: a detector that overrides the model's choice, and fixed regions.</summary>
/// <param name="Detector">The camera's detector; null leaves the choice to <see cref="CropOptions.Detector"/> and the model.</param>
/// <param name="Regions">Fixed regions (frame pixels), used by the regions detector when a frame carries none.</param>
public sealed record CameraSettings(DetectorKind? Detector, IReadOnlyList<PixelRect> Regions);
