using Siamese.Detection;
using Siamese.Imaging;

namespace Siamese.Match.Crops;

/// <summary>
/// The faces or items of an Enroll, Identify or Verify image, cut by the crop planner (libs/Siamese.Detection) from
/// the loaded model's metadata, exactly as detect cuts a camera frame of the same picture for the same model.
/// </summary>
public sealed class CropFinder(CropPlanner planner, MatchState state, ImageLimits limits)
{
    /// <summary>The crops, best first. Throws <see cref="ImageDecodeException"/> for unreadable or oversize images and <see cref="NoFaceFoundException"/> when nothing is found.</summary>
    public IReadOnlyList<PlannedCrop> Find(ReadOnlySpan<byte> image)
    {
        var picture = ImageDecoder.DecodeRgb(image, limits);
        var plan = planner.Plan(picture, CropTarget.Of(state.Model.Metadata));
        return plan.Crops.Count > 0
            ? plan.Crops
            : throw new NoFaceFoundException($"{plan.Reason}; send an image that shows a face or item.");
    }
}
