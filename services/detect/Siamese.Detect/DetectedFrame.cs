using Siamese.Contracts;

namespace Siamese.Detect;

/// <summary>What detect made of a frame: the detector used, the crops and the rejected detections.</summary>
public sealed record DetectedFrame(string Detector, int Width, int Height, IReadOnlyList<FaceCrop> Crops, IReadOnlyList<RejectedCrop> Rejected);
