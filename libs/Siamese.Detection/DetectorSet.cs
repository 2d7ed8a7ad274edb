namespace Siamese.Detection;

/// <summary>
/// The ONNX face detectors, each loaded on first use (or at start, by <see cref="CropPlanner.Prepare"/>) and shared:
/// sessions are thread-safe. A detector whose model is not configured fails with the setting to set.
/// </summary>
public sealed class DetectorSet(string? yuNetModel, string? ultraFaceModel, int intraOpThreads = 1) : IDisposable
{
    private readonly Lazy<YuNetDetector> _yuNet = new(() => new YuNetDetector(
        Require(yuNetModel, "Models:YuNet", "yunet_s_dynamic.onnx", "a model trained on YuNet-aligned faces cuts every image with it; the hosts' --yunet <file>, or environment Models__YuNet"), intraOpThreads: intraOpThreads));

    private readonly Lazy<UltraFaceDetector> _ultraFace = new(() => new UltraFaceDetector(
        Require(ultraFaceModel, "Models:UltraFace", "version-RFB-320.onnx", "environment Models__UltraFace"), intraOpThreads));

    public YuNetDetector YuNet => _yuNet.Value;

    public UltraFaceDetector UltraFace => _ultraFace.Value;

    public void Dispose()
    {
        if (_yuNet.IsValueCreated)
        {
            _yuNet.Value.Dispose();
        }

        if (_ultraFace.IsValueCreated)
        {
            _ultraFace.Value.Dispose();
        }
    }

    private static string Require(string? path, string setting, string file, string how) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new InvalidOperationException($"{setting} is not set: point it at {file} ({how}).")
            : File.Exists(path) ? path : throw new InvalidOperationException($"{setting} '{Path.GetFullPath(path)}' does not exist: point it at {file}.");
}
