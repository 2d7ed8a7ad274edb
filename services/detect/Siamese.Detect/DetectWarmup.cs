using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siamese.Detection;

namespace Siamese.Detect;

/// <summary>Reads the model's metadata and loads and runs once the detectors it and the cameras need; readiness reports healthy only after that.</summary>
public sealed class DetectWarmup(CropPlanner planner, FrameDetector detector, ILogger<DetectWarmup> logger)
    : BackgroundService, IHealthCheck
{
    private readonly ManualResetEventSlim _prepared = new();
    private volatile Exception? _failure;
    private volatile bool _ready;
    private volatile bool _disposing;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy()
            : _failure is { } f ? HealthCheckResult.Unhealthy($"The detector could not be loaded: {f.Message}", f)
            : HealthCheckResult.Unhealthy("The detector is loading."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            if (_disposing)
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
            _prepared.Set();
        }
    }

    /// <summary>
    /// Waits for the detectors' loading in progress (ONNX Runtime sessions on another thread): a host that failed to start
    /// is disposed at once, and the process must not end under a session being created.
    /// </summary>
    public override void Dispose()
    {
        if (_disposing)
        {
            return; // a host that failed to start is disposed twice
        }

        _disposing = true;
        if (ExecuteTask is not null)
        {
            _prepared.Wait(TimeSpan.FromMinutes(1));
        }

        if (_prepared.IsSet)
        {
            _prepared.Dispose();
        }

        base.Dispose();
    }
}
