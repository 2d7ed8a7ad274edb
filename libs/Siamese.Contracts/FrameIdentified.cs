namespace Siamese.Contracts;

/// <summary>Event: the result of a frame, which ingest stores for the camera's owner to fetch.</summary>
/// <param name="FrameId">The frame.</param>
/// <param name="Tenant">Owner of the camera.</param>
/// <param name="CameraId">The camera that posted it.</param>
/// <param name="ReceivedAt">When ingest accepted the frame.</param>
/// <param name="ModelId">"name:version" of the model that computed the embeddings.</param>
/// <param name="Crops">One identity per accepted crop.</param>
/// <param name="Rejected">Detections rejected by the quality gate, with the reason.</param>
/// <param name="Reason">When there is no crop, why ("no face found …", "every detection was rejected: …"); null otherwise. Added
/// later than the other fields: messages from older senders leave it null.</param>
public sealed record FrameIdentified(
    Guid FrameId,
    string Tenant,
    string CameraId,
    DateTimeOffset ReceivedAt,
    string ModelId,
    IReadOnlyList<CropIdentity> Crops,
    IReadOnlyList<RejectedCrop> Rejected,
    string? Reason = null) : IFrameMessage;
