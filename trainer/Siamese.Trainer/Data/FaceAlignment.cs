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
    public static GrayDataset Apply(GrayDataset dataset, AlignMode align, string? detectorModel, int height, int width, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(log);
        if (align == AlignMode.None)
        {
            return dataset;
        }

        var model = detectorModel ?? SharedData.YuNetModel
            ?? throw new ArgumentException($"--align yunet needs the YuNet model: pass --detector-model <yunet_s_dynamic.onnx> or set {SharedData.ModelsVariable}.");
        if (!File.Exists(model))
        {
            throw new ArgumentException($"--detector-model '{model}' does not exist.");
        }

        using var detectors = new DetectorSet(model, null);
        var planner = new CropPlanner(detectors, new CropOptions());
        var target = new CropTarget(width, height, ModelCrops.YuNetAligned);
        var crops = new PlannedCrop?[dataset.Images.Count];
        Parallel.For(0, crops.Length, i => crops[i] = planner.Plan(dataset.Images[i], target).Crops.FirstOrDefault());
        var missed = crops.Count(c => c is null);
        var aligned = dataset.WithImages(
            [.. crops.Select((c, i) => c?.Crop ?? dataset.Images[i].Resize(width, height))],
            [.. crops.Select(c => c?.Coverage)]);
        log.WriteLine($"Aligned {dataset.Images.Count - missed} of {dataset.Images.Count} images on YuNet landmarks ({missed} without a detectable face kept their plain resize).");
        return aligned;
    }
}
