using System.Numerics;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// The frame aligned crops are drawn in: an ORL portrait (92 wide × 112 high) with the eyes where YuNet finds
/// them on average in the ORL images, so an aligned crop of an ORL image looks like the image itself with its
/// in-plane rotation, scale and shift normalised.
/// </summary>
public static class CanonicalFrame
{
    public const int Width = 92;

    public const int Height = 112;

    /// <summary>
    /// Mean right-eye (subject's right, image left) position over the 400 ORL images, in continuous pixel
    /// coordinates of the 92×112 frame (pixel i spans [i, i+1)). Measured with <see cref="Measure"/>: each image
    /// pasted centred into a 3× canvas filled with its border mean (<see cref="FaceCropper.PortraitCanvasFactor"/>),
    /// YuNet s_dynamic (score ≥ 0.3), best face, landmarks mapped back; 400 of 400 found (2026-11-23, ONNX Runtime 1.31.1, CPU). Re-measured by Siamese.Detection.Tests
    /// (<c>CanonicalEyesMatchAFreshMeasurementOnOrl</c>).
    /// </summary>
    public static readonly Vector2 RightEye = new(27.60f, 52.57f);

    /// <summary>Mean left-eye position over the 400 ORL images (see <see cref="RightEye"/>).</summary>
    public static readonly Vector2 LeftEye = new(61.35f, 52.53f);

    /// <summary>Mean nose-tip position over the 400 ORL images (see <see cref="RightEye"/>).</summary>
    public static readonly Vector2 Nose = new(44.22f, 71.19f);

    /// <summary>Mean right mouth corner over the 400 ORL images (see <see cref="RightEye"/>).</summary>
    public static readonly Vector2 RightMouth = new(30.76f, 84.98f);

    /// <summary>Mean left mouth corner over the 400 ORL images (see <see cref="RightEye"/>).</summary>
    public static readonly Vector2 LeftMouth = new(59.09f, 84.95f);

    /// <summary>All five canonical landmarks.</summary>
    public static FaceLandmarks Landmarks => new(RightEye, LeftEye, Nose, RightMouth, LeftMouth);

    /// <summary>
    /// Measures the mean landmark positions of <paramref name="portraits"/> (ORL-style images that the face
    /// fills), scaled into the 92×112 frame. Images where YuNet finds no face are counted in <see cref="LandmarkMeasurement.Missed"/>.
    /// </summary>
    public static LandmarkMeasurement Measure(FaceCropper cropper, IEnumerable<GrayImage> portraits)
    {
        ArgumentNullException.ThrowIfNull(cropper);
        ArgumentNullException.ThrowIfNull(portraits);
        var sum = new Vector2[5];
        int found = 0, missed = 0;
        foreach (var portrait in portraits)
        {
            var face = cropper.DetectPortrait(portrait);
            if (face is null)
            {
                missed++;
                continue;
            }

            var scale = new Vector2((float)Width / portrait.Width, (float)Height / portrait.Height);
            var points = face.Landmarks.ToArray();
            for (var i = 0; i < 5; i++)
            {
                sum[i] += points[i] * scale;
            }

            found++;
        }

        return found == 0
            ? throw new InvalidOperationException($"YuNet found no face in any of the {missed} images: nothing to measure.")
            : new LandmarkMeasurement(FaceLandmarks.FromArray([.. sum.Select(p => p / found)]), found, missed);
    }
}
