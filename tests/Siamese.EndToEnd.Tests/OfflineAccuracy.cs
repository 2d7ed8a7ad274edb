using System.Numerics.Tensors;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;

namespace Siamese.EndToEnd.Tests;

/// <summary>
/// One-shot accuracy of the model without the pipeline: the ORL images themselves (no scene, no detector) embedded
/// in-process, each query named by its nearest gallery image. The figure the pipeline should reach. Images are cut
/// the way the model's training images were: by the crop planner, from the model's <c>siamese.crop</c>, as the trainer does.
/// </summary>
internal static class OfflineAccuracy
{
    public static double Compute(string modelPath, string orlRoot, IReadOnlyList<(string Subject, string Path)> draws)
    {
        using var model = new OnnxEmbedder(modelPath);
        using var detectors = new DetectorSet(SharedData.YuNetModel, null);
        var planner = new CropPlanner(detectors, new CropOptions());
        var target = CropTarget.Of(model.Metadata);
        GrayImage Cut(string path) => planner.CutAsTrainer(ImageDecoder.LoadGray(path), target);

        var gallery = OrlScenes.Gallery(orlRoot);
        var galleryVectors = model.Embed([.. gallery.Select(g => Cut(g.Path))]);
        var distinct = draws.Select(d => d.Path).Distinct().ToList();
        var vectors = model.Embed([.. distinct.Select(Cut)]);
        var predicted = distinct.Select((p, i) => (p, gallery[Nearest(vectors[i], galleryVectors)].Subject)).ToDictionary(x => x.p, x => x.Subject);
        return draws.Count(d => predicted[d.Path] == d.Subject) / (double)draws.Count;
    }

    private static int Nearest(float[] query, float[][] gallery)
    {
        var best = 0;
        for (var i = 1; i < gallery.Length; i++)
        {
            if (TensorPrimitives.Distance(query, gallery[i]) < TensorPrimitives.Distance(query, gallery[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
