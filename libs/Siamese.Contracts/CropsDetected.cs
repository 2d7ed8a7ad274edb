namespace Siamese.Contracts;

/// <summary>Event: detect found, cropped and normalised the faces/items of a frame (possibly none).</summary>
/// <param name="FrameId">The frame.</param>
/// <param name="Tenant">Owner of the camera.</param>
/// <param name="CameraId">The camera that posted it.</param>
/// <param name="ReceivedAt">When ingest accepted the frame.</param>
/// <param name="Detector">The detector used, for example "ultraface-rfb-320".</param>
/// <param name="Crops">Crops that passed the quality gate.</param>
/// <param name="Rejected">Detections rejected by the quality gate, with the reason.</param>
/// <param name="Reason">When there is no crop, why ("no face found …", "every detection was rejected: …"); null otherwise. Added
/// later than the other fields: messages from older senders leave it null.</param>
public sealed record CropsDetected(
    Guid FrameId,
    string Tenant,
    string CameraId,
    DateTimeOffset ReceivedAt,
    string Detector,
    IReadOnlyList<FaceCrop> Crops,
    IReadOnlyList<RejectedCrop> Rejected,
    string? Reason = null) : IFrameMessage;
