using MassTransit;

namespace Siamese.Contracts;

/// <summary>
/// What every pipeline message carries, so that failures and results can be tied back to the frame and its owner.
/// Excluded from the broker topology: publishing a message never fans out to this interface.
/// </summary>
[ExcludeFromTopology]
public interface IFrameMessage
{
    /// <summary>The frame's id, assigned by ingest; the idempotency key of every consumer.</summary>
    Guid FrameId { get; }

    /// <summary>The tenant that owns the camera.</summary>
    string Tenant { get; }

    /// <summary>The camera that posted the frame.</summary>
    string CameraId { get; }
}
