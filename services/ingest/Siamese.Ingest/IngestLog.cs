using Microsoft.Extensions.Logging;

namespace Siamese.Ingest;

/// <summary>Source-generated log messages of the ingest service.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Frame {FrameId} from camera {CameraId} accepted ({Bytes} bytes)")]
    public static partial void Accepted(ILogger logger, Guid frameId, string cameraId, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Frame {FrameId} from camera {CameraId} posted again with the same idempotency key")]
    public static partial void Duplicate(ILogger logger, Guid frameId, string cameraId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frame {FrameId} from camera {CameraId} could not be published; not accepted")]
    public static partial void PublishFailed(ILogger logger, Exception exception, Guid frameId, string cameraId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Frame rejected: {Status} {Detail}")]
    public static partial void Rejected(ILogger logger, int status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Frame {FrameId} failed at {Stage}: {Reason}")]
    public static partial void Failed(ILogger logger, Guid frameId, string stage, string reason);
}
