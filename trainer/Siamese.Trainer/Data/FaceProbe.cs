using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Data;

/// <summary>
/// Whether a folder of images looks like faces: the crop planner that detect runs (YuNet) is asked for an aligned face
/// in a sample of them. A run that names neither <c>--tower</c> nor <c>--align</c> aligns faces it finds this way
/// (<see cref="AdaptiveDefaults.ChooseAlign"/>): a user with faces who did not know the option got the conv tower on
/// whole pictures.
/// </summary>
public static class FaceProbe
{
    /// <summary>Images looked at, spread over the dataset.</summary>
    public const int Samples = 16;

    /// <summary>
    /// The YuNet score the planned crop's face must reach here. The planner also cuts a picture without a face it trusts
    /// (as a portrait), so a crop alone says nothing: sampled ORL and Yale faces scored 0.90–0.94, grocery photos and
    /// catalogue images that gave a crop at all 0.38–0.76.
    /// </summary>
    public const float MinScore = 0.85f;

    /// <summary>How many of a sample of the folder's images hold a face YuNet aligns, and how many were sampled.</summary>
    /// <remarks>An image that cannot be read is left out of the sample: the run itself names it.</remarks>
    public static (int Faces, int Sampled) Count(string folder, string detectorModel) =>
        Count(DataSample.LoadGray(folder, Samples), detectorModel);

    /// <summary>How many of the sampled images hold a face YuNet aligns, and how many were sampled.</summary>
    public static (int Faces, int Sampled) Count(IReadOnlyList<GrayImage> images, string detectorModel)
    {
        var sampled = DataSample.Spread(images, Samples);
        if (sampled.Count == 0)
        {
            return (0, 0);
        }

        using var detectors = new DetectorSet(detectorModel, null);
        var planner = new CropPlanner(detectors, new CropOptions());
        var target = new CropTarget(AdaptiveDefaults.AlignedFaceWidth, AdaptiveDefaults.AlignedFaceHeight, ModelCrops.YuNetAligned);
        return (sampled.AsParallel().Count(image => planner.Plan(image, target).Crops is [{ Score: >= MinScore }, ..]), sampled.Count);
    }

    /// <summary>True when at least three quarters of the sample hold a face.</summary>
    public static bool MostlyFaces(int faces, int sampled) => sampled > 0 && faces * 4 >= sampled * 3;
}
