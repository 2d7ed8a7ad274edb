using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Benchmarks;

/// <summary>
/// UltraFace through detect's whole per-frame path (decode PNG, stretch, run, NMS, grow, crop, resize) beside
/// raw ONNX Runtime on the same model and input size, single stream, same thread settings, same run. Beside them,
/// in the same run, the aligned YuNet path (detect's default: YuNet, landmark refinement, aligned crop) on decoded
/// 320×240, 1280×720 and 1920×1080 frames beside raw ONNX Runtime on <c>yunet_s_dynamic.onnx</c> at each size
/// (<see cref="YuNetRun"/>), so the cost of alignment shows; and detect's whole YuNet path on the 320×240 PNGs.
/// </summary>
public sealed class DetectBenchmark : IBenchmark
{
    public string Name => "detect";

    public IReadOnlyList<string> Options => ["--frames", "--threads"];


    public string Description => "UltraFace and aligned YuNet frames/s vs raw ONNX Runtime, YuNet at 320x240, 1280x720, 1920x1080 (--frames N, --threads T).";

    public Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var frames = ServingArgs.Int(args, "--frames", 400);
        var threads = ServingArgs.Int(args, "--threads", 1);
        var model = SharedData.UltraFaceModel ?? throw new InvalidOperationException($"UltraFace model not found (set {SharedData.ModelsVariable}).");
        var yuNetModel = SharedData.YuNetModel ?? throw new InvalidOperationException($"YuNet model not found (set {SharedData.ModelsVariable}).");
        var scenes = Scenes(40);

        using var detectors = DetectPath.Detectors(null, model, threads);
        var crops = new CropOptions { Detector = DetectorKind.UltraFace, IntraOpThreads = threads };
        var (detectorPerSecond, facesPerFrame) = FrameTiming.Detector(DetectPath.Create(detectors, crops, DetectPath.ItemCrop), scenes, frames);

        var input = new float[3 * 240 * 320];
        detectors.UltraFace.WriteInput(ImageDecoder.DecodeRgb(scenes[0]), input);
        var rawPerSecond = FrameTiming.Raw(model, threads, input, [1, 3, 240, 320], ["scores", "boxes"], frames);
        Console.WriteLine($"detector {detectorPerSecond:F1} frames/s, raw ONNX Runtime {rawPerSecond:F1} runs/s");
        using var yuNetDetectors = DetectPath.Detectors(yuNetModel, null, threads);
        var (servicePerSecond, _) = FrameTiming.Detector(
            DetectPath.Create(yuNetDetectors, new CropOptions { IntraOpThreads = threads }, DetectPath.FaceCrop), scenes, frames);
        var cropper = new FaceCropper(yuNetDetectors.YuNet, new FaceAligner(46, 56));
        var sizes = new List<YuNetRun>();
        foreach (var (width, height, share) in new[] { (320, 240, 1.0), (1280, 720, 0.15), (1920, 1080, 0.08) })
        {
            var run = YuNetRun.Measure(cropper, yuNetModel, threads, width, height, Math.Max(20, (int)(frames * share)));
            Console.WriteLine($"yunet {run.Frame}: aligned {run.AlignedPerS:F1} frames/s, raw ONNX Runtime {run.RawPerS:F1} runs/s, ratio {run.Ratio:F2} (CPU time {run.CpuRatio:F2})");
            sizes.Add(run);
        }

        return Task.FromResult<object>(new
        {
            Model = Path.GetFileName(model),
            FrameSize = "320x240 PNG (ORL face pasted into a noisy gray scene)",
            Frames = frames,
            IntraOpThreads = threads,
            DetectorPerS = Math.Round(detectorPerSecond, 1),
            RawPerS = Math.Round(rawPerSecond, 1),
            DetectorOverheadPct = Math.Round((rawPerSecond / detectorPerSecond - 1) * 100, 1),
            FacesPerFrame = Math.Round(facesPerFrame, 3),
            YunetModel = Path.GetFileName(yuNetModel),
            YunetRefinePasses = cropper.RefinePasses,
            YunetRefineCanvases = $"{FaceCropper.CanvasWidth}x{FaceCropper.CanvasHeight} ({FaceCropper.WideCanvasWidth} wide for the first pass of a tilted face); passes after the first with the mirror image",
            YunetAligned = "decoded frame → YuNet → landmark refinement → aligned 46x56 crop (FaceCropper.Crop); raw = ONNX Runtime alone on the first frame's prepared input; alternating rounds",
            YunetTargetRatio = 0.5,
            YunetSizes = sizes,
            YunetServicePathPerS = Math.Round(servicePerSecond, 1),
            YunetServicePath = "detect's whole per-frame path on the 320x240 PNGs of the UltraFace pass (PNG decode, YuNet, refinement, crop to bytes)",
        });
    }

    /// <summary>The 320×240 PNG frames detect and pipeline benchmarks post: ORL faces in noisy scenes, or noise without ../shared.</summary>
    internal static List<byte[]> Scenes(int count)
    {
        if (SharedData.OrlFaces is { } orl)
        {
            return [.. OrlScenes.Draw(orl, count).Select((d, i) => OrlScenes.Scene(d.Path, i).Png)];
        }

        var noise = new Random(1);
        return [.. Enumerable.Range(0, count).Select(_ =>
            ImageEncoder.EncodePng(new GrayImage(320, 240, [.. Enumerable.Range(0, 320 * 240).Select(_ => (float)noise.Next(256))])))];
    }
}
