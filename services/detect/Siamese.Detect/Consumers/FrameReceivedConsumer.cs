using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Siamese.Contracts;
using Siamese.Messaging;

namespace Siamese.Detect.Consumers;

/// <summary>
/// Detects the crops of a posted frame and publishes them. An unprocessable frame becomes <see cref="FrameFailed"/>
/// (not retried); anything else that throws is retried and then faulted by MassTransit.
/// </summary>
public sealed class FrameReceivedConsumer(
    FrameDetector detector, FrameDeduplicator<FrameReceivedConsumer> completed, DetectMetrics metrics, ILogger<FrameReceivedConsumer> logger)
    : IConsumer<FrameReceived>
{
    public async Task Consume(ConsumeContext<FrameReceived> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (completed.IsCompleted(m.FrameId))
        {
            DetectLog.Duplicate(logger, m.FrameId);
            return;
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            var frame = detector.Process(m.CameraId, m.Image, m.Regions);
            metrics.RecordFrame(frame.Crops.Count, Stopwatch.GetElapsedTime(started));
            await context.Publish(new CropsDetected(m.FrameId, m.Tenant, m.CameraId, m.ReceivedAt, frame.Detector, frame.Crops, frame.Rejected, frame.Reason))
                .ConfigureAwait(false);
            DetectLog.Detected(logger, m.FrameId, frame.Detector, frame.Crops.Count, frame.Rejected.Count);
        }
        catch (FrameProcessingException ex)
        {
            DetectLog.Failed(logger, m.FrameId, m.CameraId, ex.Message);
            metrics.RecordFailure();
            await context.Publish(new FrameFailed(m.FrameId, m.Tenant, m.CameraId, "detect", ex.Message)).ConfigureAwait(false);
        }

        completed.MarkCompleted(m.FrameId);
    }
}
