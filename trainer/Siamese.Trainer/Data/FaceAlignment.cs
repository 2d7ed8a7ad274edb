using Siamese.Detection;
using Siamese.Model;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Data;

/// <summary>
/// <c>--align yunet</c>: every image is cut by the crop planner of libs/Siamese.Detection for a
/// <see cref="ModelCrops.YuNetAligned"/> model of the input size — the code detect runs on camera frames and match on
/// Enroll/Identify images — and keeps its best face. An image without a detectable face keeps its plain resize, and
/// the run says how many did.
/// </summary>
public static class FaceAlignment
{
    public static GrayDataset Apply(GrayDataset dataset, TrainOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Apply(dataset, options.Align, options.DetectorModel, options.InputHeight, options.InputWidth, log);
    }

    /// <param name="detectorModel">The YuNet model (null: the shared models folder's).</param>
    /// <param name="height">The model's input height, which the crops are cut to.</param>
    /// <param name="width">The model's input width.</param>
    /// <param name="only">The indices of the images to align (null: all); the others keep their plain resize.</param>
    public static GrayDataset Apply(GrayDataset dataset, AlignMode align, string? detectorModel, int height, int width, TextWriter log, IReadOnlyCollection<int>? only = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(log);
        if (align == AlignMode.None)
        {
            return dataset;
        }

        var model = detectorModel ?? SharedData.YuNetModel
            ?? throw new ArgumentException($"Aligned faces (--align yunet, or a model trained with it) need the YuNet model: pass --detector-model <yunet_s_dynamic.onnx> or set {SharedData.ModelsVariable}.");
        if (!File.Exists(model))
        {
            throw new ArgumentException($"--detector-model '{model}' does not exist.");
        }

        using var detectors = new DetectorSet(model, null);
        var planner = new CropPlanner(detectors, new CropOptions());
        var target = new CropTarget(width, height, ModelCrops.YuNetAligned);
        var wanted = only?.ToArray() ?? [.. Enumerable.Range(0, dataset.Images.Count)];
        var crops = new PlannedCrop?[dataset.Images.Count];
        Parallel.ForEach(wanted, i => crops[i] = planner.Plan(dataset.Images[i], target).Crops.FirstOrDefault());
        var missed = wanted.Count(i => crops[i] is null);
        var aligned = dataset.WithImages(
            [.. crops.Select((c, i) => c?.Crop ?? dataset.Images[i].Resize(width, height))],
            [.. crops.Select(c => c?.Coverage)]);
        log.WriteLine($"Aligned {wanted.Length - missed} of {wanted.Length} images on YuNet landmarks ({missed} without a detectable face kept their plain resize).");
        return aligned;
    }
}
