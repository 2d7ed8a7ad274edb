using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Imaging;

namespace Siamese.Detect;

/// <summary>Loads and runs the detector once at start; readiness reports healthy only after that.</summary>
public sealed class DetectWarmup(DetectorSet detectors, FrameDetector detector, IOptions<DetectOptions> options, ILogger<DetectWarmup> logger)
    : BackgroundService, IHealthCheck
{
    private volatile Exception? _failure;
    private volatile bool _ready;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy()
            : _failure is { } f ? HealthCheckResult.Unhealthy("The detector could not be loaded.", f)
            : HealthCheckResult.Unhealthy("The detector is loading."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var o = options.Value;
            if (o.DefaultDetector == DetectorKind.UltraFace || o.Cameras.Values.Any(c => c.Detector == DetectorKind.UltraFace))
            {
                detectors.UltraFace.Detect(new RgbImage(detectors.UltraFace.InputWidth, detectors.UltraFace.InputHeight,
                    new byte[detectors.UltraFace.InputWidth * detectors.UltraFace.InputHeight * 3]));
            }

            if (o.Uses(DetectorKind.YuNet))
            {
                detectors.YuNet.Detect(new RgbImage(64, 64, new byte[64 * 64 * 3]));
            }

            _ready = true;
            DetectLog.Ready(logger, o.DefaultDetector.ToString(), detector.CropSize.Width, detector.CropSize.Height);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failure = ex;
            throw;
        }
    }
}
