using System.Numerics;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// Landmark alignment shared by the trainer and the detect service: a similarity transform puts the face's
/// landmarks on the canonical positions of the 92×112 <see cref="CanonicalFrame"/> (exactly, given the two eyes;
/// weighted least squares, given all five), which is then sampled at the output
/// size (46×56 = half of it by default). Each output pixel averages n×n bilinear samples spread over its
/// footprint in the source (n = source pixels per output pixel, rounded up), so shrinking is area-averaging
/// and enlarging is bilinear; samples outside the source take the nearest edge pixel.
/// </summary>
public sealed class FaceAligner
{
    private const int MaxSamplesPerAxis = 16;

    private readonly Vector2[] _canonical;
    private readonly float[] _weights;

    /// <param name="outputWidth">Crop width (the embedding model's input width).</param>
    /// <param name="outputHeight">Crop height (the embedding model's input height).</param>
    /// <param name="rightEye">Canonical right eye in the 92×112 frame; default <see cref="CanonicalFrame.RightEye"/>.</param>
    /// <param name="leftEye">Canonical left eye in the 92×112 frame; default <see cref="CanonicalFrame.LeftEye"/>.</param>
    /// <param name="landmarkWeights">
    /// Weights of the five landmarks (YuNet order) in the least-squares fit used by <see cref="Align(GrayImage, FaceLandmarks)"/>;
    /// default <see cref="DefaultLandmarkWeights"/>.
    /// </param>
    public FaceAligner(int outputWidth = 46, int outputHeight = 56, Vector2? rightEye = null, Vector2? leftEye = null, IReadOnlyList<float>? landmarkWeights = null)
    {
        if (outputWidth <= 0 || outputHeight <= 0 || outputWidth > 4096 || outputHeight > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(outputWidth), $"The crop size {outputWidth}×{outputHeight} is invalid: width and height must be 1..4096.");
        }

        OutputWidth = outputWidth;
        OutputHeight = outputHeight;
        var frameToOutput = new Vector2((float)outputWidth / CanonicalFrame.Width, (float)outputHeight / CanonicalFrame.Height);
        RightEye = (rightEye ?? CanonicalFrame.RightEye) * frameToOutput;
        LeftEye = (leftEye ?? CanonicalFrame.LeftEye) * frameToOutput;
        if (Vector2.Distance(RightEye, LeftEye) < 1e-3f)
        {
            throw new ArgumentException("The canonical eye positions coincide.", nameof(leftEye));
        }

        var c = CanonicalFrame.Landmarks;
        _canonical = [RightEye, LeftEye, c.Nose * frameToOutput, c.RightMouth * frameToOutput, c.LeftMouth * frameToOutput];
        _weights = [.. landmarkWeights ?? DefaultLandmarkWeights];
        if (_weights.Length != 5 || _weights.Any(w => !(w >= 0) || !float.IsFinite(w)) || _weights[0] <= 0 || _weights[1] <= 0)
        {
            throw new ArgumentException("Landmark weights must be 5 finite non-negative numbers with positive eye weights.", nameof(landmarkWeights));
        }
    }

    /// <summary>
    /// Equal weights: with refined landmarks (<see cref="FaceCropper"/>) the five-point fit gave crops of one face at
    /// two scales 4.6 gray levels apart on average, eyes only 7.7 and eyes doubled 5.7 (20 ORL faces).
    /// </summary>
    public static IReadOnlyList<float> DefaultLandmarkWeights { get; } = [1f, 1f, 1f, 1f, 1f];

    public int OutputWidth { get; }

    public int OutputHeight { get; }

    /// <summary>Where the right eye lands in the output crop (continuous pixel coordinates).</summary>
    public Vector2 RightEye { get; }

    /// <summary>Where the left eye lands in the output crop (continuous pixel coordinates).</summary>
    public Vector2 LeftEye { get; }

    /// <summary>
    /// The map from output-crop coordinates to source coordinates (continuous pixels, pixel i spans [i, i+1)).
    /// It is a similarity that puts the eyes on <see cref="RightEye"/> and <see cref="LeftEye"/> (the canonical
    /// positions scaled to the output size per axis; with the 92:112 aspect, exactly the canonical frame scaled).
    /// </summary>
    /// <exception cref="ArgumentException">The eyes coincide or are not finite.</exception>
    public SimilarityTransform OutputToSource(Vector2 rightEye, Vector2 leftEye) =>
        float.IsFinite(rightEye.X + rightEye.Y + leftEye.X + leftEye.Y) && Vector2.Distance(rightEye, leftEye) >= 1e-3f
            ? SimilarityTransform.FromPointPairs(RightEye, LeftEye, rightEye, leftEye)
            : throw new ArgumentException($"The eyes at {rightEye} and {leftEye} coincide or are not finite: cannot align a face on them.");

    /// <summary>The map from output-crop to source coordinates fitted (weighted least squares) to all five landmarks.</summary>
    public SimilarityTransform OutputToSource(FaceLandmarks landmarks) =>
        SimilarityTransform.FitLeastSquares(_canonical, landmarks.ToArray(), _weights);

    /// <summary>The aligned crop (gray, <see cref="OutputWidth"/>×<see cref="OutputHeight"/>, 0..255) of a face with these landmarks (five-point fit).</summary>
    public GrayImage Align(GrayImage source, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Sample(source, OutputToSource(landmarks));
    }

    /// <summary>The aligned crop of the face whose eyes are at <paramref name="rightEye"/> and <paramref name="leftEye"/> in <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException">The eyes coincide or are not finite.</exception>
    public GrayImage Align(GrayImage source, Vector2 rightEye, Vector2 leftEye)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Sample(source, OutputToSource(rightEye, leftEye));
    }

    /// <summary>Samples the crop through <paramref name="t"/> (output → source).</summary>
    public GrayImage Sample(GrayImage source, SimilarityTransform t) => Sample(source, t, OutputWidth, OutputHeight);

    /// <summary>Samples a <paramref name="width"/>×<paramref name="height"/> image through <paramref name="t"/> (its pixels → source).</summary>
    public static GrayImage Sample(GrayImage source, SimilarityTransform t, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var output = new float[width * height];
        BilinearSampler.Sample(source.Pixels, source.Width, source.Height, t, SamplesPerAxis(t), width, height, output);
        return new GrayImage(width, height, output);
    }

    /// <summary>Bilinear taps per axis of one output pixel: source pixels per output pixel, rounded up.</summary>
    internal static int SamplesPerAxis(SimilarityTransform t) => Math.Clamp((int)MathF.Ceiling(t.Scale - 1e-3f), 1, MaxSamplesPerAxis);

    /// <summary>
    /// Per output pixel (<paramref name="width"/>×<paramref name="height"/>), 1 when its centre maps through
    /// <paramref name="t"/> inside a <paramref name="sourceWidth"/>×<paramref name="sourceHeight"/> source, else 0.
    /// </summary>
    public static float[] Coverage(SimilarityTransform t, int width, int height, int sourceWidth, int sourceHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var coverage = new float[width * height];
        for (var v = 0; v < height; v++)
        {
            for (var u = 0; u < width; u++)
            {
                var p = t.Apply(new Vector2(u + 0.5f, v + 0.5f));
                coverage[(v * width) + u] = p.X >= 0 && p.Y >= 0 && p.X < sourceWidth && p.Y < sourceHeight ? 1 : 0;
            }
        }

        return coverage;
    }
}
