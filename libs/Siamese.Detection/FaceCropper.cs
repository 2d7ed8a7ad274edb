using System.Numerics;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// Detect + align in one call: what the detect service does to frames and the trainer does to training and
/// test portraits, so both produce their crops with the same code. Thread-safe.
/// </summary>
/// <remarks>
/// YuNet's landmarks on one face move by about 2 px (of the 92-px frame) when the face is shown at another scale
/// or position, enough to change the crop visibly. So the face is resampled into the canonical frame (at
/// <see cref="RefineScale"/> of ORL size, in a small canvas), detected again there, and the landmarks mapped back;
/// <see cref="RefinePasses"/> times. Later passes see nearly the same pixels whatever the original scale and
/// position, so the landmarks converge to nearly the same place on the face. The first pass starts from the
/// frame's detection and only brings the face near that place; each later pass detects the face and its mirror
/// image in one batched run (YuNet's landmark errors are not mirror-symmetric: their mean halves them), and the
/// later passes are averaged. YuNet reports only about a third of a face's in-plane rotation (its landmarks lean
/// towards upright), so each pass turns the face by twice the rotation it measured (<see cref="RotationGain"/>):
/// tilted faces then converge in the passes there are instead of keeping most of their tilt.
/// </remarks>
public sealed class FaceCropper(YuNetDetector detector, FaceAligner aligner)
{
    /// <summary>A portrait is pasted centred into a canvas this many times its size before detection: YuNet misses faces that fill the whole image.</summary>
    public const int PortraitCanvasFactor = 3;

    /// <summary>Score threshold for portraits and the refinement pass: a face is known to be there, so weaker detections count.</summary>
    public const float PortraitScoreThreshold = 0.3f;

    /// <summary>
    /// Height of the refinement canvases (a multiple of 32, YuNet's input granularity, so nothing is padded): the
    /// face frame at <see cref="RefineScale"/> (69×84) with room above and below for the first detection's error.
    /// </summary>
    public const int CanvasHeight = 96;

    /// <summary>
    /// Width of the refinement canvases: the sides of the face frame are cut (the eyes, nose and mouth stay inside).
    /// A YuNet run on the 64×96 canvas costs about a tenth of one on a 320×240 frame.
    /// </summary>
    public const int CanvasWidth = 64;

    /// <summary>
    /// Width of the first pass's canvas for a face the frame's detection finds turned by <see cref="WideCanvasTilt"/>
    /// or more: the turned face frame needs the room (on faces turned by 10–30°, all-narrow canvases left 1.49 px
    /// of landmark disagreement, 1.12 with this).
    /// </summary>
    public const int WideCanvasWidth = 96;

    /// <summary>
    /// In-plane rotation (radians; 3°) of the first detection from which the first pass uses <see cref="WideCanvasWidth"/>.
    /// YuNet reports about a third of a tilt, so this is a face turned by about 9°; four of five upright faces stay below.
    /// </summary>
    public const float WideCanvasTilt = 3 * MathF.PI / 180;

    /// <summary>Scale of the canonical frame in the refinement canvases: a 69×84 face frame, centred.</summary>
    public const float RefineScale = 0.75f;

    /// <summary>
    /// Each pass applies this many times the rotation it measured. YuNet's five-point fit turns by 0.2–0.45 of a
    /// rotation of the face (measured on ORL faces turned by ±3° and ±6° in the canvas), so 2 converges (the error
    /// shrinks by 0.1–0.6 a pass) for any gain below 1; with 1, faces tilted by 20° kept 4–5° after four passes.
    /// </summary>
    public const float RotationGain = 2f;

    /// <summary>Which landmark of a mirror image is landmark i of the face (eyes and mouth corners swap sides).</summary>
    private static readonly int[] MirroredIndex = [1, 0, 2, 4, 3];

    public YuNetDetector Detector { get; } = detector ?? throw new ArgumentNullException(nameof(detector));

    public FaceAligner Aligner { get; } = aligner ?? throw new ArgumentNullException(nameof(aligner));

    /// <summary>Faces in a colour frame (detected in colour, aligned in gray), highest score first.</summary>
    public IReadOnlyList<AlignedFace> Crop(RgbImage image, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(image);
        return [.. Detector.Detect(image, scoreThreshold, nmsThreshold).Select(f => new AlignedFace(f, AlignFace(image, f.Landmarks)))];
    }

    /// <summary>Faces in a gray frame, highest score first.</summary>
    public IReadOnlyList<AlignedFace> Crop(GrayImage image, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(image);
        return [.. Detector.Detect(image, scoreThreshold, nmsThreshold).Select(f => new AlignedFace(f, AlignFace(image, f.Landmarks)))];
    }

    /// <summary>
    /// The aligned crop of one face of <paramref name="image"/> given its detected landmarks (refined first when
    /// <see cref="RefinePasses"/> &gt; 0). The detect service calls this for each detection it keeps.
    /// </summary>
    public GrayImage AlignFace(GrayImage image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var source = new SourceWindow(image);
        return Align(source, landmarks).Crop;
    }

    /// <summary>
    /// The aligned crop of one face of a colour frame: the same pixels as <see cref="AlignFace(GrayImage, FaceLandmarks)"/>
    /// on the frame converted to gray, but only the part around the face is converted.
    /// </summary>
    public GrayImage AlignFace(RgbImage image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var source = new SourceWindow(image);
        return Align(source, landmarks).Crop;
    }

    /// <summary>
    /// Landmarks re-detected with the face resampled into the canonical frame (see remarks), mapped back into
    /// <paramref name="image"/>; a pass that finds no face keeps the landmarks it started from.
    /// </summary>
    public FaceLandmarks RefineLandmarks(GrayImage image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var source = new SourceWindow(image);
        return Refine(source, landmarks);
    }

    /// <summary>
    /// Refinement passes (0 = align on the first detection's landmarks). Measured on ORL faces, the landmarks of one
    /// face at two scales or positions mapped onto each other (mean disagreement, px of the 92×112 frame; 100 pairs
    /// at 92×112 vs 161×196 or 61×75 in 640×480 scenes and 92×112 vs 368×448 in 1920×1080 ones, 40 at two positions,
    /// 60 turned by 10–30°, 40 portraits vs the face in a frame): no refinement 2.43 / 1.94 / 5.99 / 2.57; these
    /// 3 passes (the default) 0.75 / 0.79 / 1.12 / 0.93; the earlier 3 passes of two full YuNet runs on a 192×224
    /// canvas each (7.6× the pixels through YuNet) 0.84 / 0.76 / 2.39 / 0.99.
    /// </summary>
    public int RefinePasses { get; init; } = 3;

    /// <summary>The aligned crop of one face and its output → source transform (the crop planner says from it which pixels lie inside the picture).</summary>
    internal (GrayImage Crop, SimilarityTransform OutputToSource) Align(SourceWindow source, FaceLandmarks landmarks)
    {
        var outputToSource = Aligner.OutputToSource(Refine(source, landmarks));
        return (source.Sample(outputToSource, Aligner.OutputWidth, Aligner.OutputHeight), outputToSource);
    }

    private FaceLandmarks Refine(SourceWindow source, FaceLandmarks landmarks)
    {
        var current = landmarks;
        Span<Vector2> sum = stackalloc Vector2[5];
        var averaged = 0;
        for (var pass = 0; pass < RefinePasses; pass++)
        {
            // The first pass starts from the frame's detection, far from where the passes converge: one view, left out of the mean.
            current = RefineOnce(source, current, withMirror: pass > 0);
            if (pass > 0 || RefinePasses == 1)
            {
                var points = current.ToArray();
                for (var i = 0; i < 5; i++)
                {
                    sum[i] += points[i];
                }

                averaged++;
            }
        }

        if (averaged == 0)
        {
            return landmarks;
        }

        for (var i = 0; i < 5; i++)
        {
            sum[i] /= averaged;
        }

        return FaceLandmarks.FromArray(sum);
    }

    private FaceLandmarks RefineOnce(SourceWindow source, FaceLandmarks landmarks, bool withMirror)
    {
        var outputToSource = Aligner.OutputToSource(landmarks);
        var width = withMirror || MathF.Abs(outputToSource.Angle) < WideCanvasTilt ? CanvasWidth : WideCanvasWidth;
        var k = (float)Aligner.OutputWidth / (CanonicalFrame.Width * RefineScale);
        var offset = new Vector2(width - (CanonicalFrame.Width * RefineScale), CanvasHeight - (CanonicalFrame.Height * RefineScale)) / 2;

        // canvas → frame (shift, ÷ scale) → output (× width ratio) → source.
        var canvasToSource = outputToSource.After(new SimilarityTransform(k, 0, -offset.X * k, -offset.Y * k));
        var canvas = source.Sample(canvasToSource, width, CanvasHeight);
        Span<Vector2> sum = stackalloc Vector2[5];
        var found = 0;
        if (withMirror)
        {
            // YuNet's landmark errors are not mirror-symmetric: the mean of the face and its mirror image halves them.
            var (faces, mirrored) = Detector.DetectWithMirror(canvas, PortraitScoreThreshold);
            found += Add(faces, false, canvas, canvasToSource, sum) + Add(mirrored, true, canvas, canvasToSource, sum);
        }
        else
        {
            found += Add(Detector.Detect(canvas, PortraitScoreThreshold), false, canvas, canvasToSource, sum);
        }

        if (found == 0)
        {
            return landmarks;
        }

        Span<Vector2> points = stackalloc Vector2[5];
        for (var i = 0; i < 5; i++)
        {
            points[i] = sum[i] / found;
        }

        // Over-relax the rotation (see RotationGain): turn the new landmarks about their centroid by the extra angle.
        var turn = (Aligner.OutputToSource(FaceLandmarks.FromArray(points)).Angle - outputToSource.Angle) * (RotationGain - 1);
        var (sin, cos) = MathF.SinCos(turn);
        var pivot = Centroid(points);
        for (var i = 0; i < 5; i++)
        {
            var r = points[i] - pivot;
            points[i] = pivot + new Vector2((cos * r.X) - (sin * r.Y), (sin * r.X) + (cos * r.Y));
        }

        return FaceLandmarks.FromArray(points);
    }

    /// <summary>Adds the landmarks of the face nearest the canvas centre, mapped into the source, to <paramref name="sum"/>; 1 if there was one.</summary>
    private static int Add(IReadOnlyList<FaceDetection> faces, bool mirrored, GrayImage canvas, SimilarityTransform canvasToSource, Span<Vector2> sum)
    {
        if (faces.Count == 0)
        {
            return 0;
        }

        var centre = new Vector2(canvas.Width / 2f, canvas.Height / 2f);
        var points = faces.MinBy(f => Vector2.DistanceSquared(Centroid(f.Landmarks.ToArray()), centre))!.Landmarks.ToArray();
        for (var i = 0; i < 5; i++)
        {
            // In the mirror image the subject's right eye is the one on the right: swap the pairs back and unmirror x.
            var p = mirrored ? points[MirroredIndex[i]] : points[i];
            sum[i] += canvasToSource.Apply(mirrored ? new Vector2(canvas.Width - p.X, p.Y) : p);
        }

        return 1;
    }

    private static Vector2 Centroid(ReadOnlySpan<Vector2> points)
    {
        var sum = Vector2.Zero;
        foreach (var p in points)
        {
            sum += p;
        }

        return sum / points.Length;
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
        if (face is null)
        {
            return new PortraitCrop(portrait.Resize(Aligner.OutputWidth, Aligner.OutputHeight), null,
                $"no face scored {scoreThreshold:0.##} or more in the {portrait.Width}×{portrait.Height} image; the whole image was resized");
        }

        // As AlignFace, keeping the transform to say which crop pixels lie inside the portrait.
        var outputToSource = Aligner.OutputToSource(RefineLandmarks(portrait, face.Landmarks));
        return new PortraitCrop(
            Aligner.Sample(portrait, outputToSource), face, null,
            FaceAligner.Coverage(outputToSource, Aligner.OutputWidth, Aligner.OutputHeight, portrait.Width, portrait.Height));
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
