using Siamese.Contracts;

namespace Siamese.Detect;

/// <summary>What detect made of a frame: the detector used, the crops, the rejected detections, and why there is no crop.</summary>
public sealed record DetectedFrame(string Detector, int Width, int Height, IReadOnlyList<FaceCrop> Crops, IReadOnlyList<RejectedCrop> Rejected, string? Reason = null);
