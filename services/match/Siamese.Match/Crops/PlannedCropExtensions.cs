using Siamese.Detection;
using Siamese.Model;

namespace Siamese.Match.Crops;

public static class PlannedCropExtensions
{
    /// <summary>
    /// What the model reads of a planned crop: the colour region for a colour model (the planner cuts it only when the
    /// model's metadata says 3 channels), else the gray crop (gray models, and aligned faces for either).
    /// </summary>
    public static ModelCrop ToModelCrop(this PlannedCrop crop)
    {
        ArgumentNullException.ThrowIfNull(crop);
        return crop.Colour is { } colour ? ModelCrop.Colour(colour) : ModelCrop.Gray(crop.Crop);
    }
}
