using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siamese.Detection;
using Siamese.ServiceDefaults;

namespace Siamese.Detect;

/// <summary>Reads the model's metadata and loads and runs once the detectors it and the cameras need; readiness reports healthy only after that.</summary>
public sealed class DetectWarmup(CropPlanner planner, FrameDetector detector, ILogger<DetectWarmup> logger)
    : BackgroundService, IHealthCheck
{
    private readonly StartupLoad _load = new();
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
            if (!_load.MayBegin)
            {
                return; // disposed before the detectors were loaded (a failed start)
            }

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
        finally
        {
            _load.Finished();
        }
    }

    /// <summary>Waits for the detectors' loading in progress (<see cref="StartupLoad"/>).</summary>
    public override void Dispose()
    {
        if (_load.Close(ExecuteTask is not null, TimeSpan.FromMinutes(1)))
        {
            base.Dispose();
        }
    }
}
