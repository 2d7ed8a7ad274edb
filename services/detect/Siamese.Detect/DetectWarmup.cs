using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siamese.Detection;

namespace Siamese.Detect;

/// <summary>Reads the model's metadata and loads and runs once the detectors it and the cameras need; readiness reports healthy only after that.</summary>
public sealed class DetectWarmup(CropPlanner planner, FrameDetector detector, ILogger<DetectWarmup> logger)
    : BackgroundService, IHealthCheck
{
    private volatile Exception? _failure;
    private volatile bool _ready;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy()
            : _failure is { } f ? HealthCheckResult.Unhealthy($"The detector could not be loaded: {f.Message}", f)
            : HealthCheckResult.Unhealthy("The detector is loading."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var target = detector.Target;
            planner.Prepare(target, detector.Cameras);
            _ready = true;
            DetectLog.Ready(logger, planner.Choose(target).ToString(), target.Crop, target.Width, target.Height);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failure = ex;
            DetectLog.StartFailed(logger, ex);
            throw;
        }
    }
}
