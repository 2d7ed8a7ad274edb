using System.Text.Json.Serialization;
using Siamese.Contracts;

namespace Siamese.Ingest;

/// <summary>The answer of <c>GET /v1/frames/{id}</c> and of the per-camera result stream.</summary>
public sealed record FrameView(
    Guid FrameId,
    string CameraId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<FrameState>))] FrameState Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt,
    string? Reason,
    string? ModelId,
    IReadOnlyList<CropView> Crops,
    IReadOnlyList<RejectedCrop> Rejected)
{
    [JsonIgnore]
    public string Tenant { get; init; } = "";
}
