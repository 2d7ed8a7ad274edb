namespace Siamese.Contracts;

/// <summary>
/// Event: a frame cannot be processed (a deterministic failure such as an unreadable image, so it is not retried).
/// Transient failures are retried and, once retries are exhausted, reach ingest as MassTransit's <c>Fault&lt;T&gt;</c>.
/// </summary>
/// <param name="FrameId">The frame.</param>
/// <param name="Tenant">Owner of the camera.</param>
/// <param name="CameraId">The camera that posted it.</param>
/// <param name="Stage">Where it failed: "detect", "embed" or "match".</param>
/// <param name="Reason">What was wrong, for the camera's owner to read.</param>
public sealed record FrameFailed(Guid FrameId, string Tenant, string CameraId, string Stage, string Reason) : IFrameMessage;
