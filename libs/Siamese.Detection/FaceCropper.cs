using System.Numerics;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// Detect + align in one call: what the detect service does to frames and the trainer does to training and
/// test portraits, so both produce their crops with the same code. Thread-safe.
/// </summary>
/// <remarks>
/// YuNet's landmarks on one face move by about 2 px (of the 92-px frame) when the face is shown at another scale
/// or position, enough to change the crop visibly. So the face is resampled into the canonical frame at ORL
/// scale (in a canvas twice the frame), detected again there and in its mirror image, and the averaged landmarks
/// are mapped back; <see cref="RefinePasses"/> times. Later passes see nearly the same pixels whatever the
/// original scale and position, so the landmarks converge to nearly the same place on the face.
/// </remarks>
public sealed class FaceCropper(YuNetDetector detector, FaceAligner aligner)
{
    /// <summary>A portrait is pasted centred into a canvas this many times its size before detection: YuNet misses faces that fill the whole image.</summary>
    public const int PortraitCanvasFactor = 3;

    /// <summary>Score threshold for portraits and the refinement pass: a face is known to be there, so weaker detections count.</summary>
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
    /// <see cref="RefinePasses"/> &gt; 0). The detect service calls this for each detection it keeps.
    /// </summary>
    public GrayImage AlignFace(GrayImage image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Aligner.Align(image, RefineLandmarks(image, landmarks));
    }

    /// <summary>
    /// Landmarks re-detected with the face resampled into the canonical frame (see remarks), mapped back into
    /// <paramref name="image"/>; a pass that finds no face keeps the landmarks it started from.
    /// </summary>
    public FaceLandmarks RefineLandmarks(GrayImage image, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        var current = landmarks;
        for (var pass = 0; pass < RefinePasses; pass++)
        {
            current = RefineOnce(image, current);
        }

        return current;
    }

    /// <summary>
    /// Refinement passes (0 = align on the first detection's landmarks). Measured on 20 ORL faces pasted at
    /// 92×112 and 161×196 into 640×480 scenes (same background): mean abs difference of the two crops 14.7 gray
    /// levels without refinement, 7.7 with 2 passes, 4.6 with 3 (the default), 4.5 with 4; each pass costs about
    /// two YuNet runs on a 192×224 canvas.
    /// </summary>
    public int RefinePasses { get; init; } = 3;

    /// <summary>The refinement canvas, in canonical frames: enough context around the face for YuNet, small enough to be cheap.</summary>
    private const int RefineCanvasFactor = 2;

    private FaceLandmarks RefineOnce(GrayImage image, FaceLandmarks landmarks)
    {
        var outputToSource = Aligner.OutputToSource(landmarks);
        var k = (float)Aligner.OutputWidth / CanonicalFrame.Width;
        var width = CanonicalFrame.Width * RefineCanvasFactor;
        var height = CanonicalFrame.Height * RefineCanvasFactor;
        var offset = new Vector2((width - CanonicalFrame.Width) / 2, (height - CanonicalFrame.Height) / 2);

        // canvas → frame (shift) → output (× k) → source.
        var canvasToSource = outputToSource.After(new SimilarityTransform(k, 0, -offset.X * k, -offset.Y * k));
        var sum = new Vector2[5];
        var found = 0;
        var canvas = FaceAligner.Sample(image, canvasToSource, width, height);
        foreach (var mirror in new[] { false, true })
        {
            if (mirror)
            {
                // YuNet's landmark errors are not mirror-symmetric: averaging the mirrored view halves the jitter.
                Mirror(canvas);
            }

            var faces = Detector.Detect(canvas, PortraitScoreThreshold);
            if (faces.Count == 0)
            {
                continue;
            }

            var centre = new Vector2(width / 2f, height / 2f);
            var best = faces.MinBy(f => Vector2.DistanceSquared(new Vector2(f.Box.X + (f.Box.Width / 2), f.Box.Y + (f.Box.Height / 2)), centre))!;
            var points = best.Landmarks.ToArray();
            if (mirror)
            {
                points = [.. new[] { 1, 0, 2, 4, 3 }.Select(i => new Vector2(width - points[i].X, points[i].Y))];
            }

            for (var i = 0; i < 5; i++)
            {
                sum[i] += canvasToSource.Apply(points[i]);
            }

            found++;
        }

        return found == 0 ? landmarks : FaceLandmarks.FromArray([.. sum.Select(p => p / found)]);
    }

    private static void Mirror(GrayImage image)
    {
        for (var y = 0; y < image.Height; y++)
        {
            image.Pixels.AsSpan(y * image.Width, image.Width).Reverse();
        }
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
