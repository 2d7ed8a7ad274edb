using Microsoft.Extensions.Logging;

namespace Siamese.Detect;

/// <summary>Source-generated log messages of the detect service.</summary>
internal static partial class DetectLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Frame {FrameId}: {Detector} found {Crops} crops, rejected {Rejected}")]
    public static partial void Detected(ILogger logger, Guid frameId, string detector, int crops, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frame {FrameId} from camera {CameraId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, Guid frameId, string cameraId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Frame {FrameId} was already detected; redelivery skipped")]
    public static partial void Duplicate(ILogger logger, Guid frameId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detect ready: detector {Detector} for the model's {Crop} crops of {Width}x{Height}")]
    public static partial void Ready(ILogger logger, string detector, string crop, int width, int height);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The detector could not be loaded")]
    public static partial void StartFailed(ILogger logger, Exception exception);
}
