using System.Text.Json.Serialization;

namespace Siamese.Ingest;

/// <summary>
/// The 202 body: the frame's id, its status (always <see cref="FrameState.Queued"/>, written as the status URL writes
/// it, so a client can compare the two) and where to fetch its status.
/// </summary>
public sealed record FrameAccepted(
    Guid FrameId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<FrameState>))] FrameState Status,
    string StatusUrl);
