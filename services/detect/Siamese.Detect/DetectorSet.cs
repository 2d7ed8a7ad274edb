using Microsoft.Extensions.Options;
using Siamese.Detection;

namespace Siamese.Detect;

/// <summary>The ONNX detectors, loaded once on first use (or at start by the readiness check) and shared.</summary>
public sealed class DetectorSet(IOptions<DetectOptions> options) : IDisposable
{
    private readonly Lazy<UltraFaceDetector> _ultraFace = new(() => new UltraFaceDetector(
        options.Value.UltraFaceModelPath ?? throw new FrameProcessingException("No UltraFace model is configured (Detect:UltraFaceModelPath)."),
        options.Value.IntraOpThreads));

    private readonly Lazy<YuNetDetector> _yuNet = new(() => new YuNetDetector(
        options.Value.YuNetModelPath ?? throw new FrameProcessingException("No YuNet model is configured (Detect:YuNetModelPath)."),
        intraOpThreads: options.Value.IntraOpThreads));

    public UltraFaceDetector UltraFace => _ultraFace.Value;

    public YuNetDetector YuNet => _yuNet.Value;

    public void Dispose()
    {
        if (_ultraFace.IsValueCreated)
        {
            _ultraFace.Value.Dispose();
        }

        if (_yuNet.IsValueCreated)
        {
            _yuNet.Value.Dispose();
        }
    }
}
