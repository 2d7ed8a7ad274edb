namespace Siamese.Detection;

/// <summary>How a picture was cut: the detector used, the crops, the detections the gate rejected, and why there is no crop.</summary>
/// <param name="Detector">The detector's name (<c>passthrough</c>, <c>regions</c>, <c>yunet-s_dynamic</c>, <c>ultraface-rfb-320</c>).</param>
/// <param name="ImageWidth">The picture's width in pixels.</param>
/// <param name="ImageHeight">The picture's height in pixels.</param>
/// <param name="Crops">The crops, in detection order.</param>
/// <param name="Rejected">Detections the quality gate turned away, each with its reason.</param>
/// <param name="Reason">When <paramref name="Crops"/> is empty, why (nothing found, everything rejected); null otherwise.</param>
public sealed record CropPlan(
    string Detector, int ImageWidth, int ImageHeight, IReadOnlyList<PlannedCrop> Crops, IReadOnlyList<RejectedDetection> Rejected, string? Reason);
