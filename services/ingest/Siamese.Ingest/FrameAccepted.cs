using System.Text.Json.Serialization;

namespace Siamese.Ingest;

/// <summary>
/// The 202 body: the frame's id, its status (<see cref="FrameState.Queued"/> for a new frame; a retry with the same
/// idempotency key gets the frame's status now), written as the status URL writes it, and where to fetch its status.
/// </summary>
public sealed record FrameAccepted(
    Guid FrameId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<FrameState>))] FrameState Status,
    string StatusUrl);
