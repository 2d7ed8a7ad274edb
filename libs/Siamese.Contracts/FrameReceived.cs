namespace Siamese.Contracts;

/// <summary>
/// Event: ingest accepted a frame. The image bytes travel in the message (ingest caps them, 4 MiB by default);
/// frames are small enough that a claim-check store would cost more than it saves.
/// </summary>
/// <param name="FrameId">Assigned by ingest.</param>
/// <param name="Tenant">Owner of the camera.</param>
/// <param name="CameraId">The camera that posted it.</param>
/// <param name="ReceivedAt">When ingest accepted it.</param>
/// <param name="ContentType">The media type the camera declared.</param>
/// <param name="Image">The encoded image, as posted.</param>
/// <param name="Regions">Boxes from an edge detector, or null to let detect find them.</param>
public sealed record FrameReceived(
    Guid FrameId,
    string Tenant,
    string CameraId,
    DateTimeOffset ReceivedAt,
    string ContentType,
    byte[] Image,
    IReadOnlyList<BoundingBox>? Regions) : IFrameMessage;
