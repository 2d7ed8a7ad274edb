using Microsoft.Extensions.Logging;

namespace Siamese.Match;

/// <summary>Source-generated log messages of the match service.</summary>
internal static partial class MatchLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The model is not available yet ({Reason}); retrying in {DelayMs} ms")]
    public static partial void WaitingForModel(ILogger logger, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Match ready: model {ModelId} (dimension {Dimension}, threshold {Threshold}), {Index} index")]
    public static partial void Ready(ILogger logger, string modelId, int dimension, float threshold, VectorIndexKind index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId}'s threshold {Threshold} accepts no probe: every identify and verify without a tenant calibration answers unknown. Calibrate each tenant on its own images (siamese calibrate) or retrain (the trainer names the cause)")]
    public static partial void ThresholdAcceptsNoOne(ILogger logger, string modelId, float threshold);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The match service could not start")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrolled {Count} examples ({Added} new) of {SubjectId} in tenant {Tenant}")]
    public static partial void Enrolled(ILogger logger, int count, int added, string subjectId, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {SubjectId} ({Count} examples) from tenant {Tenant}")]
    public static partial void Deleted(ILogger logger, string subjectId, int count, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrong match reported for {SubjectId} in tenant {Tenant} ({Count} negative examples)")]
    public static partial void WrongMatchReported(ILogger logger, string subjectId, string tenant, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} calibrated: threshold {Threshold} for FAR {Target} ({Genuine} genuine, {Impostor} impostor pairs)")]
    public static partial void Calibrated(ILogger logger, string tenant, float threshold, double target, long genuine, long impostor);
}
