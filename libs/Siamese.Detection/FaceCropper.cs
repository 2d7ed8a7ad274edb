using System.Numerics;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// Detect + align in one call: what the detect service does to frames and the trainer does to training and
/// test portraits, so both produce their crops with the same code. Thread-safe.
/// </summary>
/// <remarks>
/// YuNet's landmarks on one face move by about 2 px (of the 92-px frame) when the face is shown at another scale
/// or position, enough to change the crop visibly. With <see cref="Refine"/> on, the face is first resampled into
/// the canonical frame at ORL scale, in a canvas <see cref="PortraitCanvasFactor"/>× the frame (the condition the
/// canonical landmarks were measured in), detected again there, and the crop is aligned on those landmarks
/// mapped back: the second pass sees nearly the same pixels whatever the original scale and position.
/// </remarks>
public sealed class FaceCropper(YuNetDetector detector, FaceAligner aligner, bool refine = true)
{
    /// <summary>A portrait is pasted centred into a canvas this many times its size before detection: YuNet misses faces that fill the whole image.</summary>
    public const int PortraitCanvasFactor = 3;

    /// <summary>Score threshold for portraits and the refinement pass: a face is known to be there, so weaker detections count.</summary>
    public const float PortraitScoreThreshold = 0.3f;

    public YuNetDetector Detector { get; } = detector ?? throw new ArgumentNullException(nameof(detector));

    public FaceAligner Aligner { get; } = aligner ?? throw new ArgumentNullException(nameof(aligner));

    /// <summary>Whether landmarks are re-detected in the canonical frame before aligning (see remarks).</summary>
    public bool Refine { get; } = refine;

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
        return [.. faces.Select(f => new AlignedFace(f, AlignFace(gray, f.Landmarks)))];
    }

    /// <summary>Faces in a gray frame, highest score first.</summary>
    public IReadOnlyList<AlignedFace> Crop(GrayImage image, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(image);
        return [.. Detector.Detect(image, scoreThreshold, nmsThreshold).Select(f => new AlignedFace(f, AlignFace(image, f.Landmarks)))];
    }

    /// <summary>
    /// The aligned crop of one face of <paramref name="image"/> given its detected landmarks (refined first when
    /// <see cref="Refine"/> is on). The detect service calls this for each detection it keeps.
    /// </summary>
    public GrayImage AlignFace(GrayImage image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Aligner.Align(image, Refine ? RefineLandmarks(image, landmarks) : landmarks);
    }

    /// <summary>
    /// Landmarks re-detected with the face resampled into the canonical frame (ORL scale, 3× canvas), mapped back
    /// into <paramref name="image"/>; the given landmarks when the second pass finds no face.
    /// </summary>
    public FaceLandmarks RefineLandmarks(GrayImage image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        var outputToSource = Aligner.OutputToSource(landmarks);
        var k = (float)Aligner.OutputWidth / CanonicalFrame.Width;
        var width = CanonicalFrame.Width * PortraitCanvasFactor;
        var height = CanonicalFrame.Height * PortraitCanvasFactor;
        var offset = new Vector2((width - CanonicalFrame.Width) / 2, (height - CanonicalFrame.Height) / 2);

        // canvas → frame (shift) → output (× k) → source.
        var canvasToSource = outputToSource.After(new SimilarityTransform(k, 0, -offset.X * k, -offset.Y * k));
        var canvas = FaceAligner.Sample(image, canvasToSource, width, height);
        var faces = Detector.Detect(canvas, PortraitScoreThreshold);
        if (faces.Count == 0)
        {
            return landmarks;
        }

        var centre = new Vector2(width / 2f, height / 2f);
        var best = faces.MinBy(f => Vector2.DistanceSquared(new Vector2(f.Box.X + (f.Box.Width / 2), f.Box.Y + (f.Box.Height / 2)), centre))!;
        return FaceLandmarks.FromArray([.. best.Landmarks.ToArray().Select(canvasToSource.Apply)]);
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
            : new PortraitCrop(AlignFace(portrait, face.Landmarks), face, null);
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
