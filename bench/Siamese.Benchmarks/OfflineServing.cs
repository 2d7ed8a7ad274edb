using System.Numerics.Tensors;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Benchmarks;

/// <summary>
/// The trainer's own path, no services: each image cut as the model records (<c>siamese.crop</c>), by the crop planner
/// exactly as the trainer cut its images (its first crop, or the whole picture when it finds none), in colour for a
/// colour model (<c>siamese.input_channels</c> 3) and in gray otherwise, then ONNX Runtime directly. Embeddings are
/// kept by path, so an image in two tasks is embedded once.
/// </summary>
internal sealed class OfflineServing(OnnxEmbedder model) : IDisposable
{
    private readonly DetectorSet _detectors = new(SharedData.YuNetModel, null);
    private readonly CropTarget _target = CropTarget.Of(model.Metadata);
    private readonly Dictionary<string, float[]> _embeddings = new(StringComparer.Ordinal);

    /// <summary>Share of the probes whose nearest gallery image has their label.</summary>
    public double Accuracy(ServingSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Embed([.. set.Gallery, .. set.Probes]);
        var correct = 0;
        foreach (var probe in set.Probes)
        {
            var p = _embeddings[probe.Path];
            var best = set.Gallery.MinBy(g => TensorPrimitives.Distance(p, _embeddings[g.Path]))!;
            correct += best.Label == probe.Label ? 1 : 0;
        }

        return set.Probes.Count == 0 ? 0 : (double)correct / set.Probes.Count;
    }

    public void Dispose() => _detectors.Dispose();

    private void Embed(IEnumerable<LabeledImage> images)
    {
        const int Batch = 16;
        var planner = new CropPlanner(_detectors, new CropOptions());
        var missing = images.Select(i => i.Path).Where(p => !_embeddings.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var chunk in missing.Chunk(Batch))
        {
            var embedded = _target.Channels == 3
                ? model.Embed([.. chunk.Select(p => planner.CutAsTrainer(ImageDecoder.LoadRgb(p), _target))])
                : model.Embed([.. chunk.Select(p => planner.CutAsTrainer(ImageDecoder.LoadGray(p), _target))]);
            for (var i = 0; i < chunk.Length; i++)
            {
                _embeddings[chunk[i]] = embedded[i];
            }
        }
    }
}
