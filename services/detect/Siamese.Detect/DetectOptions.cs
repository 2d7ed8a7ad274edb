using System.ComponentModel.DataAnnotations;
using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Detect;

/// <summary>Settings of the detect service (section <c>Detect</c>).</summary>
public sealed class DetectOptions : IValidatableObject
{
    public const string SectionName = "Detect";

    /// <summary>
    /// The detector of cameras without their own setting (and of the gRPC Detect call): YuNet when its model is
    /// found, else UltraFace when its model is found, otherwise passthrough (the detect host's appsettings ask for
    /// YuNet explicitly, so it fails fast).
    /// </summary>
    public DetectorKind DefaultDetector { get; set; } =
        SharedData.YuNetModel is not null ? DetectorKind.YuNet
        : SharedData.UltraFaceModel is not null ? DetectorKind.UltraFace
        : DetectorKind.Passthrough;

    /// <summary>YuNet with dynamic input size (<c>yunet/yunet_s_dynamic.onnx</c>); default from the shared models folder.</summary>
    public string? YuNetModelPath { get; set; } = SharedData.YuNetModel;

    /// <summary>UltraFace RFB-320 (the variant that decodes boxes in the graph); default from the shared models folder.</summary>
    public string? UltraFaceModelPath { get; set; } = SharedData.UltraFaceModel;

    /// <summary>The embedding model whose metadata gives the crop size (input height and width); defaults to <c>Embed:ModelPath</c> when that file exists.</summary>
    public string? EmbeddingModelPath { get; set; }

    /// <summary>Crop size when no embedding model is configured.</summary>
    [Range(1, 4096)]
    public int CropWidth { get; set; } = 46;

    [Range(1, 4096)]
    public int CropHeight { get; set; } = 56;

    /// <summary>Minimum face score (UltraFace's own demo uses 0.7).</summary>
    [Range(0.0, 1.0)]
    public float ScoreThreshold { get; set; } = 0.7f;

    /// <summary>Hard NMS overlap above which the weaker box is dropped.</summary>
    [Range(0.0, 1.0)]
    public float NmsIouThreshold { get; set; } = 0.3f;

    /// <summary>Most candidates (highest scores) that enter NMS.</summary>
    [Range(1, 10_000)]
    public int MaxCandidates { get; set; } = 200;

    /// <summary>Most crops per frame; further detections are reported as rejected.</summary>
    [Range(1, 1000)]
    public int MaxCropsPerFrame { get; set; } = 16;

    /// <summary>Quality gate: a detection narrower or lower than this many pixels is rejected with the reason.</summary>
    [Range(1, 4096)]
    public int MinCropSize { get; set; } = 24;

    /// <summary>
    /// Detector boxes are grown to the model's aspect ratio and then by this factor, so crops frame a face the way
    /// the training images do (UltraFace boxes are tighter than an ORL portrait).
    /// </summary>
    [Range(0.5, 4.0)]
    public float BoxScale { get; set; } = 1.24f;

    /// <summary>Shift of the grown box, in fractions of its height (negative moves it up; UltraFace centres sit low).</summary>
    [Range(-1.0, 1.0)]
    public float BoxShiftY { get; set; } = -0.06f;

    /// <summary>ONNX Runtime threads per detector run; 1 lets several frames run side by side.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Frames detected at once by the bus consumer; 0 = one per core.</summary>
    [Range(0, 256)]
    public int ConcurrentFrames { get; set; }

    [Range(1, long.MaxValue)]
    public long MaxImageBytes { get; set; } = ImageLimits.Default.MaxBytes;

    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 16_000_000;

    /// <summary>Per-camera detector and regions, keyed by camera id.</summary>
    public IDictionary<string, CameraOptions> Cameras { get; } = new Dictionary<string, CameraOptions>(StringComparer.Ordinal);

    public ImageLimits ImageLimits => new() { MaxBytes = MaxImageBytes, MaxPixels = MaxImagePixels };

    /// <summary>True when the default detector or any camera's is <paramref name="kind"/>.</summary>
    public bool Uses(DetectorKind kind) => DefaultDetector == kind || Cameras.Values.Any(c => c.Detector == kind);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Uses(DetectorKind.UltraFace) && (string.IsNullOrWhiteSpace(UltraFaceModelPath) || !File.Exists(UltraFaceModelPath)))
        {
            yield return new ValidationResult(
                $"Detect:UltraFaceModelPath '{UltraFaceModelPath}' does not exist: point it at version-RFB-320.onnx (or set {SharedData.ModelsVariable}).",
                [nameof(UltraFaceModelPath)]);
        }

        if (Uses(DetectorKind.YuNet) && (string.IsNullOrWhiteSpace(YuNetModelPath) || !File.Exists(YuNetModelPath)))
        {
            yield return new ValidationResult(
                $"Detect:YuNetModelPath '{YuNetModelPath}' does not exist: point it at yunet_s_dynamic.onnx (or set {SharedData.ModelsVariable}).",
                [nameof(YuNetModelPath)]);
        }

        if (!string.IsNullOrWhiteSpace(EmbeddingModelPath) && !File.Exists(EmbeddingModelPath))
        {
            yield return new ValidationResult($"Detect:EmbeddingModelPath '{EmbeddingModelPath}' does not exist.", [nameof(EmbeddingModelPath)]);
        }
    }
}
