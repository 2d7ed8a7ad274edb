using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// Detect + align in one call: what the detect service does to frames and the trainer does to training and
/// test portraits, so both produce their crops with the same code. Thread-safe.
/// </summary>
public sealed class FaceCropper(YuNetDetector detector, FaceAligner aligner)
{
    /// <summary>A portrait is pasted centred into a canvas this many times its size before detection: YuNet misses faces that fill the whole image.</summary>
    public const int PortraitCanvasFactor = 3;

    /// <summary>Score threshold for portraits: a face is known to be there, so accept weaker detections than in frames.</summary>
    public const float PortraitScoreThreshold = 0.3f;

    public YuNetDetector Detector { get; } = detector ?? throw new ArgumentNullException(nameof(detector));

    public FaceAligner Aligner { get; } = aligner ?? throw new ArgumentNullException(nameof(aligner));

    /// <summary>Faces in a colour frame (detected in colour, aligned in gray), highest score first.</summary>
    public IReadOnlyList<AlignedFace> Crop(RgbImage image, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(image);
        var faces = Detector.Detect(image, scoreThreshold, nmsThreshold);
        if (faces.Count == 0)
        {
            return [];
        }

        var gray = image.ToGray();
        return [.. faces.Select(f => new AlignedFace(f, Aligner.Align(gray, f.Landmarks)))];
    }

    /// <summary>Faces in a gray frame, highest score first.</summary>
    public IReadOnlyList<AlignedFace> Crop(GrayImage image, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(image);
        return [.. Detector.Detect(image, scoreThreshold, nmsThreshold).Select(f => new AlignedFace(f, Aligner.Align(image, f.Landmarks)))];
    }

    /// <summary>
    /// The crop of a portrait the face fills (an ORL image): pasted centred into a canvas
    /// <see cref="PortraitCanvasFactor"/>× its size filled with its border mean, the best face detected, its
    /// landmarks mapped back and the portrait itself aligned (edges replicated). Without a face: the plain resize.
    /// </summary>
    public PortraitCrop CropPortrait(GrayImage portrait, float scoreThreshold = PortraitScoreThreshold)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        var face = DetectPortrait(portrait, scoreThreshold);
        return face is null
            ? new PortraitCrop(portrait.Resize(Aligner.OutputWidth, Aligner.OutputHeight), null,
                $"no face scored {scoreThreshold:0.##} or more in the {portrait.Width}×{portrait.Height} image; the whole image was resized")
            : new PortraitCrop(Aligner.Align(portrait, face.Landmarks), face, null);
    }

    /// <summary>The best face of a portrait, in the portrait's pixels (see <see cref="CropPortrait"/>); null when none.</summary>
    public FaceDetection? DetectPortrait(GrayImage portrait, float scoreThreshold = PortraitScoreThreshold)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        var (canvas, dx, dy) = PortraitCanvas.Create(portrait, PortraitCanvasFactor);
        var faces = Detector.Detect(canvas, scoreThreshold);
        if (faces.Count == 0)
        {
            return null;
        }

        var best = faces[0];
        return new FaceDetection(
            best.Box with { X = best.Box.X - dx, Y = best.Box.Y - dy }, best.Score, best.Landmarks.Offset(-dx, -dy));
    }
}
