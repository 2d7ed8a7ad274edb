using Siamese.Model;
using Siamese.Onnx;
using Siamese.Onnx.Proto;
using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Onnx;

/// <summary>Writes a tower (eval mode) as an ONNX model through the ONNX writer of libs/Siamese.Onnx: input "input" [N,C,H,W], output "embedding" [N,D], N dynamic.</summary>
public static class OnnxExporter
{
    public const string ProducerName = "siamese-trainer";

    public static void Export(Tower tower, ModelMetadata metadata, string path)
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        EnsureMetadataDescribes(tower, metadata);
        OnnxModelFile.Write(Build(tower, metadata), path);
    }

    internal static ModelProto Build(Tower tower, ModelMetadata metadata)
    {
        var wasTraining = tower.training;
        tower.eval();
        try
        {
            using var noGrad = no_grad();
            var graph = new OnnxGraphBuilder();
            var options = tower.Options;
            var shift = tower is ConvTower ? options.ServedShift : 0;
            var input = shift > 0
                ? ServedViewsGraph.AddShifts(graph, ModelMetadataKeys.InputTensor, shift, options.InputHeight, options.InputWidth, "served")
                : ModelMetadataKeys.InputTensor;
            var output = LayerExporter.Export(graph, "layers", tower.Layers, input);
            if (shift > 0)
            {
                output = ServedViewsGraph.AddUnitMean(graph, output, ShiftedViews.Count, tower.EmbeddingDimension, "served");
            }

            var cohort = (tower as FaceTower)?.Cohort;
            if (cohort is not null)
            {
                output = CohortGraph.Add(graph, "cohort", cohort, output);
            }

            graph.NameOutput(output, ModelMetadataKeys.OutputTensor);
            graph.Graph.Name = tower.GetName();
            return OnnxModelFile.Build(graph.Graph, metadata, ProducerName,
                $"Siamese tower {options.Kind}: one image [N,C,H,W] to one embedding [N,D]" +
                (shift > 0 ? $", the unit-length mean of the image's and its four diagonal {shift}-pixel shifts' embeddings" : "") +
                (cohort is not null ? $", divided by its mean distance to the {cohort.Nearest} nearest of {cohort.People} training people after the nearest." : "."));
        }
        finally
        {
            if (wasTraining)
            {
                tower.train();
            }
        }
    }

    private static void EnsureMetadataDescribes(Tower tower, ModelMetadata metadata)
    {
        // Services size their input and index from the metadata alone, so it must agree with the graph.
        if (metadata.InputHeight != tower.Options.InputHeight || metadata.InputWidth != tower.Options.InputWidth)
        {
            throw new ArgumentException(
                $"Metadata input size {metadata.InputHeight}×{metadata.InputWidth} differs from the tower's {tower.Options.InputHeight}×{tower.Options.InputWidth}.",
                nameof(metadata));
        }

        if (metadata.InputChannels != tower.Options.Channels)
        {
            throw new ArgumentException($"Metadata input channels {metadata.InputChannels} differ from the tower's {tower.Options.Channels}.", nameof(metadata));
        }

        if (metadata.EmbeddingDimension != tower.EmbeddingDimension)
        {
            throw new ArgumentException(
                $"Metadata embedding dimension {metadata.EmbeddingDimension} differs from the tower's {tower.EmbeddingDimension}.",
                nameof(metadata));
        }
    }
}
