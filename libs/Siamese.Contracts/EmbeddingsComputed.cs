namespace Siamese.Contracts;

/// <summary>Event: embed computed the vectors of a frame's crops.</summary>
/// <param name="FrameId">The frame.</param>
/// <param name="Tenant">Owner of the camera.</param>
/// <param name="CameraId">The camera that posted it.</param>
/// <param name="ReceivedAt">When ingest accepted the frame.</param>
/// <param name="ModelId">"name:version" of the model: vectors of two models never mix.</param>
/// <param name="Embeddings">One per accepted crop.</param>
/// <param name="Rejected">Detections rejected upstream, passed on so the result reports them.</param>
/// <param name="Reason">When there is no crop, why ("no face found …", "every detection was rejected: …"); null otherwise. Added
/// later than the other fields: messages from older senders leave it null.</param>
public sealed record EmbeddingsComputed(
    Guid FrameId,
    string Tenant,
    string CameraId,
    DateTimeOffset ReceivedAt,
    string ModelId,
    IReadOnlyList<CropEmbedding> Embeddings,
    IReadOnlyList<RejectedCrop> Rejected,
    string? Reason = null) : IFrameMessage;
