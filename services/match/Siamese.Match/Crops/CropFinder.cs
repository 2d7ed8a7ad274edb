using Siamese.Detection;
using Siamese.Imaging;
using Siamese.ServiceDefaults;

namespace Siamese.Match.Crops;

/// <summary>
/// The faces or items of an Enroll, Identify or Verify image, cut by the crop planner (libs/Siamese.Detection) from
/// the loaded model's metadata, exactly as detect cuts a camera frame of the same picture for the same model. Decoding
/// and planning are the expensive path: they wait for a <see cref="DecodeGate"/> slot, and each picture is charged to the
/// request's <see cref="PixelBudget"/>.
/// </summary>
public sealed class CropFinder(CropPlanner planner, MatchState state, ImageLimits limits, DecodeGate gate)
{
    /// <summary>A budget for one request's images.</summary>
    public PixelBudget NewBudget() => PixelBudget.For(limits);

    /// <summary>The crops, best first. Throws <see cref="ImageDecodeException"/> for unreadable or oversize images and <see cref="NoFaceFoundException"/> when nothing is found.</summary>
    public Task<IReadOnlyList<PlannedCrop>> FindAsync(ReadOnlyMemory<byte> image, PixelBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return gate.RunAsync(() =>
        {
            var target = CropTarget.Of(state.Model.Metadata);
            var picture = planner.Decode(image.Span, limits, target);
            budget.Spend(picture.SourceWidth, picture.SourceHeight);
            var plan = planner.Plan(picture, target);
            return plan.Crops.Count > 0
                ? plan.Crops
                : throw new NoFaceFoundException($"{plan.Reason}; send an image that shows a face or item.");
        }, cancellationToken);
    }
}
