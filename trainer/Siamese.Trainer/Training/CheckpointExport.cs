using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>Exports a checkpoint's best weights with the threshold its last validation calibrated.</summary>
public static class CheckpointExport
{
    public static ModelMetadata Run(string checkpoint, string output, string? dataFolder)
    {
        var (state, directory) = CheckpointStore.Load(checkpoint);
        var options = state.Options;
        var weights = Path.Combine(directory, state.BestWeights);
        using var tower = TowerFactory.Load(options.ToTowerOptions(), weights);
        tower.eval();
        var folder = dataFolder ?? (options.Synthetic ? Path.Combine(options.Output, "data") : options.Data)
            ?? throw new ArgumentException("--data is required: the checkpoint names no data folder.");
        var data = PreparedData.Create(
            options.Synthetic ? "synthetic" : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))),
            GrayDataset.Load(folder),
            options.InputHeight,
            options.InputWidth,
            _ => state.Split,
            state.Pixels);
        var metadata = MetadataBuilder.Build(options, data, tower, state.Threshold, null, weights);
        OnnxExporter.Export(tower, metadata, output);
        return metadata;
    }
}
