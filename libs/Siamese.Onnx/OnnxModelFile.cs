using Google.Protobuf;
using Siamese.Model;
using Siamese.Onnx.Proto;

namespace Siamese.Onnx;

/// <summary>
/// Writes a Siamese model file (one graph, the model metadata as <c>metadata_props</c>) and reads the metadata back
/// without loading the graph: the one ONNX writer of the repository (the trainer's exporter and the test stand-in
/// model use it) and the one metadata reader (embed and detect use it).
/// </summary>
public static class OnnxModelFile
{
    /// <summary>IR version 8 (ONNX 1.10+) is read by every ONNX Runtime the services may use.</summary>
    public const long IrVersion = 8;

    /// <summary>Opset 13: every operator used here has its current semantics (ReduceL2 still takes axes as an attribute).</summary>
    public const long Opset = 13;

    /// <summary>The symbolic batch dimension of input and output.</summary>
    public const string BatchDimension = "N";

    /// <summary>
    /// The model around <paramref name="graph"/> with input <c>input</c> [N,C,H,W] and output <c>embedding</c> [N,D] as
    /// the metadata describes them (C = its input channels), and the metadata as <c>metadata_props</c>.
    /// </summary>
    public static ModelProto Build(GraphProto graph, ModelMetadata metadata, string producerName, string docString)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(metadata);
        graph.Input.Add(OnnxTensors.FloatValue(ModelMetadataKeys.InputTensor, BatchDimension, metadata.InputChannels, metadata.InputHeight, metadata.InputWidth));
        graph.Output.Add(OnnxTensors.FloatValue(ModelMetadataKeys.OutputTensor, BatchDimension, metadata.EmbeddingDimension));
        return Wrap(graph, producerName, docString, metadata.ToDictionary());
    }

    /// <summary>A graph whose inputs and outputs are already declared as a model file: IR, opset, producer, <paramref name="metadata"/>.</summary>
    public static ModelProto Wrap(GraphProto graph, string producerName, string docString, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(metadata);
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producerName,
            ProducerVersion = typeof(OnnxModelFile).Assembly.GetName().Version?.ToString() ?? "",
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

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>; a reader (a service loading the model) never sees a half-written file.</summary>
    public static void Write(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
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

    /// <summary>
    /// The Siamese metadata of a model file, read from its <c>metadata_props</c> while the graph (weights included) is
    /// skipped, so a service that only needs the input size and crop rule opens no ONNX Runtime session for it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or a metadata key is missing or malformed.</exception>
    public static ModelMetadata ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(path);
            using var input = new CodedInputStream(stream);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == ModelProto.MetadataPropsFieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    var entry = new StringStringEntryProto();
                    input.ReadMessage(entry);
                    map[entry.Key] = entry.Value;
                }
                else
                {
                    input.SkipLastField();
                }
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"'{path}' is not an ONNX model: {ex.Message}", ex);
        }

        try
        {
            return ModelMetadata.FromDictionary(map);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}': {ex.Message}", ex);
        }
    }
}
