using System.ComponentModel.DataAnnotations;

namespace Siamese.Detection;

/// <summary>
/// How pictures are cut into crops (section <c>Crops</c>), read by detect (camera frames) and by match (Enroll,
/// Identify, Verify images) alike, so both cut one picture into the same crops.
/// </summary>
public sealed class CropOptions
{
    public const string SectionName = "Crops";

    /// <summary>The detector for every picture; unset (the default), the model's <c>siamese.crop</c> decides (<see cref="CropTarget.DefaultDetector"/>). A camera's own setting wins over this.</summary>
    public DetectorKind? Detector { get; set; }

    /// <summary>Minimum detector score of a face in a scene (UltraFace's demo uses 0.7; portraits use <see cref="FaceCropper.PortraitScoreThreshold"/>).</summary>
    [Range(0.0, 1.0)]
    public float MinScore { get; set; } = 0.7f;

    /// <summary>Overlap (IoU) above which the weaker of two detections is dropped.</summary>
    [Range(0.0, 1.0)]
    public float NmsIouThreshold { get; set; } = 0.3f;

    /// <summary>Most candidates (highest scores) that enter NMS.</summary>
    [Range(1, 10_000)]
    public int MaxCandidates { get; set; } = 200;

    /// <summary>Most crops per picture; further detections are reported as rejected.</summary>
    [Range(1, 1000)]
    public int MaxCrops { get; set; } = 16;

    /// <summary>Quality gate: a detection or region narrower or lower than this many pixels is rejected with the reason (the whole picture never is).</summary>
    [Range(1, 4096)]
    public int MinCropSize { get; set; } = 24;

    /// <summary>
    /// Quality gate: a crop whose <see cref="Sharpness"/> (variance of its Laplacian at the model's input size) is below
    /// this is rejected as blurred ("below quality gate: blur", with the figure, in the frame's result). 0 (the default)
    /// turns the gate off: a fitting value depends on the camera and the model's input, so read the figures a camera's
    /// rejected crops report, or <see cref="Sharpness.Of"/> of its good and bad frames, before setting it.
    /// </summary>
    [Range(0.0, 1_000_000.0)]
    public double MinSharpness { get; set; }

    /// <summary>
    /// UltraFace boxes are grown to the model's aspect ratio and then by this factor, so crops frame a face the way
    /// the training images do (UltraFace boxes are tighter than an ORL portrait).
    /// </summary>
    [Range(0.5, 4.0)]
    public float BoxScale { get; set; } = 1.24f;

    /// <summary>Shift of the grown box, in fractions of its height (negative moves it up; UltraFace centres sit low).</summary>
    [Range(-1.0, 1.0)]
    public float BoxShiftY { get; set; } = -0.06f;

    /// <summary>
    /// Face detection runs on a copy of the picture scaled down to this longer side (boxes and landmarks are mapped back,
    /// faces are aligned on the picture itself): the detector's time and memory are bounded whatever size a picture comes
    /// in. 1280 keeps a 1080p camera's faces at two thirds of their size.
    /// </summary>
    [Range(64, 8192)]
    public int MaxDetectionSide { get; set; } = 1280;

    /// <summary>
    /// A portrait (a picture the face fills) is scaled down to this longer side before its face is detected as the trainer
    /// detects the faces of its images (<see cref="FaceCropper.DetectPortrait"/>, pasted into a canvas three times its
    /// size); the face is then aligned on the detection copy (<see cref="MaxDetectionSide"/>). YuNet misses faces far
    /// larger than the trainer's 92×112 portraits, and the canvas is the costliest detector run of a large photo.
    /// </summary>
    [Range(64, 4096)]
    public int MaxPortraitSide { get; set; } = 224;

    /// <summary>ONNX Runtime threads per detector run; 1 lets several pictures run side by side, 0 = one per core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; } = 1;
}
