using Siamese.Detection;
using Siamese.Model;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Data;

/// <summary>
/// <c>--align yunet</c>: every image becomes its YuNet-aligned face at the model's input size, cut by
/// Siamese.Detection's <see cref="FaceCropper"/> — the code the detect service runs on camera frames. An image
/// without a detectable face keeps its plain resize, and the run says how many did.
/// </summary>
public static class FaceAlignment
{
    public static GrayDataset Apply(GrayDataset dataset, TrainOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Align == AlignMode.None)
        {
            return dataset;
        }

        var model = options.DetectorModel ?? SharedData.YuNetModel
            ?? throw new ArgumentException($"--align yunet needs the YuNet model: pass --detector-model <yunet_s_dynamic.onnx> or set {SharedData.ModelsVariable}.");
        if (!File.Exists(model))
        {
            throw new ArgumentException($"--detector-model '{model}' does not exist.");
        }

        using var detector = new YuNetDetector(model);
        var cropper = new FaceCropper(detector, new FaceAligner(options.InputWidth, options.InputHeight));
        var crops = new PortraitCrop[dataset.Images.Count];
        Parallel.For(0, crops.Length, i => crops[i] = cropper.CropPortrait(dataset.Images[i]));
        var missed = crops.Count(c => !c.Aligned);
        var aligned = dataset.WithImages([.. crops.Select(c => c.Crop)], [.. crops.Select(c => c.Coverage)]);
        log.WriteLine($"Aligned {dataset.Images.Count - missed} of {dataset.Images.Count} images on YuNet landmarks ({missed} without a detectable face kept their plain resize).");
        return aligned;
    }
}
