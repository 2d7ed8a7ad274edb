using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// The crop of a whole portrait image (an ORL-style image the face fills): aligned on the best face, or, when
/// none was found, the plain resize of the whole image with <see cref="FallbackReason"/> saying so.
/// </summary>
/// <param name="Crop">Gray, at the aligner's output size.</param>
/// <param name="Face">The face it was aligned on, in pixels of the portrait; null for the fallback.</param>
/// <param name="FallbackReason">Why the plain resize was used; null when aligned.</param>
/// <param name="Coverage">
/// Per crop pixel, 1 where it was sampled inside the portrait and 0 where the aligned frame reaches past its edge
/// (those pixels repeat the edge here, but show the scene around the face in a camera frame); null for the fallback.
/// </param>
public sealed record PortraitCrop(GrayImage Crop, FaceDetection? Face, string? FallbackReason, float[]? Coverage = null)
{
    public bool Aligned => Face is not null;
}
