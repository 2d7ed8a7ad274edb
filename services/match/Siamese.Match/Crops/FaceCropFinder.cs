using Siamese.Detection;
using Siamese.Imaging;

namespace Siamese.Match.Crops;

/// <summary>
/// Faces found by YuNet and aligned on its five landmarks (Siamese.Detection's <see cref="FaceCropper"/>), for
/// models trained with <c>--align yunet</c>. A portrait — an image in which no face is found, or whose best face
/// fills at least <see cref="PortraitFaceFraction"/> of its width or height — is cut with
/// <see cref="FaceCropper.CropPortrait"/>, exactly as the trainer cut every training image; when that finds no face
/// either, the call fails with "no face found" rather than embedding the whole image.
/// </summary>
/// <remarks>
/// Detection runs on the grayscale image, as in the trainer (which loads its images gray), so a portrait enrols
/// with the very crop the model was trained on. The portrait rule is needed because YuNet does find most
/// portrait faces directly (all 400 ORL images at score 0.6, boxes 68–92% of the image width), and aligning on
/// those landmarks gives a visibly different crop (up to 107 gray levels apart on ORL) from the trainer's
/// canvas-pasted detection.
/// </remarks>
public sealed class FaceCropFinder(FaceCropper cropper, ImageLimits limits) : ICropFinder
{
    /// <summary>Score a face needs in a whole image (the detect service's default).</summary>
    public const float SceneScoreThreshold = 0.6f;

    public FaceCropper Cropper { get; } = cropper ?? throw new ArgumentNullException(nameof(cropper));

    public Task<IReadOnlyList<FoundCrop>> FindAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        var gray = ImageDecoder.DecodeGray(image.Span, limits);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Find(gray));
    }

    /// <summary>
    /// A face whose box is at least this fraction of the image's width or height makes the image a portrait. ORL
    /// faces measure 0.68–0.92 of the width; faces in camera scenes are far smaller.
    /// </summary>
    public const float PortraitFaceFraction = 0.5f;

    /// <summary>The aligned faces of a decoded image, best first; throws <see cref="NoFaceFoundException"/> when there is none.</summary>
    public IReadOnlyList<FoundCrop> Find(GrayImage gray)
    {
        ArgumentNullException.ThrowIfNull(gray);
        var faces = Cropper.Detector.Detect(gray, SceneScoreThreshold);
        if (faces.Count > 0 && !FillsImage(faces[0].Box, gray))
        {
            // What FaceCropper.Crop does, with the detections already at hand.
            return [.. faces.Select(f => new FoundCrop(f.Box.ToPixelRect(gray.Width, gray.Height), Cropper.AlignFace(gray, f.Landmarks)))];
        }

        var portrait = Cropper.CropPortrait(gray);
        return portrait.Face is { } face
            ? [new FoundCrop(face.Box.ToPixelRect(gray.Width, gray.Height), portrait.Crop)]
            : throw new NoFaceFoundException(
                $"no face found in the {gray.Width}×{gray.Height} image (YuNet, neither in the image nor with it taken as a portrait); " +
                "send an image that shows a face.");
    }

    private static bool FillsImage(FaceBox box, GrayImage image) =>
        box.Width >= PortraitFaceFraction * image.Width || box.Height >= PortraitFaceFraction * image.Height;
}
