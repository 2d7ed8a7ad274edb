using Siamese.Contracts;

namespace Siamese.Ingest;

/// <summary>A posted frame, parsed from the request but not yet checked.</summary>
internal sealed record FrameSubmission(
    string Tenant,
    string CameraId,
    string ContentType,
    byte[] Image,
    IReadOnlyList<BoundingBox>? Regions,
    string? IdempotencyKey);
