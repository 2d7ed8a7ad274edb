using Google.Protobuf;
using Siamese.Model;
using Siamese.Trainer.Onnx.Proto;
using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Onnx;

/// <summary>Writes a tower (eval mode) as an ONNX model: input "input" [N,C,H,W], output "embedding" [N,D], N dynamic.</summary>
public static class OnnxExporter
{
    /// <summary>IR version 8 (ONNX 1.10+) is read by every ONNX Runtime the services may use.</summary>
    public const long IrVersion = 8;

    /// <summary>Opset 13: every operator used here has its current semantics (ReduceL2 still takes axes as an attribute).</summary>
    public const long Opset = 13;

    public const string ProducerName = "siamese-trainer";

    /// <summary>The symbolic batch dimension of input and output.</summary>
    public const string BatchDimension = "N";

    public static void Export(Tower tower, ModelMetadata metadata, string path)
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        EnsureMetadataDescribes(tower, metadata);

        Write(Build(tower, metadata), path);
    }

    /// <summary>Writes the model under a temporary name, then renames it: a reader (a service loading the model) never sees a half-written file.</summary>
    internal static void Write(ModelProto model, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                model.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A graph as a model file of this exporter: IR, opset, producer, metadata.</summary>
    internal static ModelProto Wrap(GraphProto graph, string docString, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    internal static ModelProto Build(Tower tower, ModelMetadata metadata)
    {
        var wasTraining = tower.training;
        tower.eval();
        try
        {
            using var noGrad = no_grad();
            var graph = new OnnxGraphBuilder();
            var output = LayerExporter.Export(graph, "layers", tower.Layers, ModelMetadataKeys.InputTensor);
            graph.NameOutput(output, ModelMetadataKeys.OutputTensor);

            var proto = graph.Graph;
            proto.Name = tower.GetName();
            proto.Input.Add(OnnxTensors.FloatValue(ModelMetadataKeys.InputTensor, BatchDimension, tower.Options.Channels, tower.Options.InputHeight, tower.Options.InputWidth));
            proto.Output.Add(OnnxTensors.FloatValue(ModelMetadataKeys.OutputTensor, BatchDimension, tower.EmbeddingDimension));

            return Wrap(proto, $"Siamese tower {tower.Options.Kind}: one image [N,C,H,W] to one embedding [N,D].", metadata.ToDictionary());
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
