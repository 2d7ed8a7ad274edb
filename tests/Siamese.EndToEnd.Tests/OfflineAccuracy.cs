using System.Numerics.Tensors;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.LoadGen;
using Siamese.Model;

namespace Siamese.EndToEnd.Tests;

/// <summary>
/// One-shot accuracy of the model without the pipeline: the ORL images themselves (no scene, no detector) embedded
/// in-process, each query named by its nearest gallery image. The figure the pipeline should reach. Images are cut
/// the way the model's training images were (its <c>siamese.crop</c>): YuNet-aligned portraits
/// (<see cref="FaceCropper.CropPortrait"/>, the trainer's <c>--align yunet</c>) or the whole image resized.
/// </summary>
internal static class OfflineAccuracy
{
    public static double Compute(string modelPath, string orlRoot, IReadOnlyList<(string Subject, string Path)> draws)
    {
        using var model = new OnnxEmbedder(modelPath);
        using var cut = Cutter(model.Metadata);
        var gallery = OrlScenes.Gallery(orlRoot);
        var galleryVectors = model.Embed([.. gallery.Select(g => cut.Crop(ImageDecoder.LoadGray(g.Path)))]);
        var distinct = draws.Select(d => d.Path).Distinct().ToList();
        var vectors = model.Embed([.. distinct.Select(p => cut.Crop(ImageDecoder.LoadGray(p)))]);
        var predicted = distinct.Select((p, i) => (p, gallery[Nearest(vectors[i], galleryVectors)].Subject)).ToDictionary(x => x.p, x => x.Subject);
        return draws.Count(d => predicted[d.Path] == d.Subject) / (double)draws.Count;
    }

    private static PortraitCutter Cutter(ModelMetadata metadata)
    {
        if (metadata.Crop != ModelCrops.YuNetAligned)
        {
            return new PortraitCutter(null);
        }

        var yuNet = SharedData.YuNetModel ?? throw new InvalidOperationException(
            $"The model was trained on {ModelCrops.YuNetAligned} crops, but the YuNet model is not available: set {SharedData.ModelsVariable}.");
        var detector = new YuNetDetector(yuNet);
        return new PortraitCutter(new FaceCropper(detector, new FaceAligner(metadata.InputWidth, metadata.InputHeight)));
    }

    /// <summary>The trainer's cut of one ORL image: aligned by <paramref name="Cropper"/>, or the whole image when null.</summary>
    private sealed record PortraitCutter(FaceCropper? Cropper) : IDisposable
    {
        public GrayImage Crop(GrayImage portrait) => Cropper?.CropPortrait(portrait).Crop ?? portrait;

        public void Dispose() => Cropper?.Detector.Dispose();
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
