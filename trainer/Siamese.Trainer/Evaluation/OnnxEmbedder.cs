using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Siamese.Model;
using ModelMetadata = Siamese.Model.ModelMetadata;

namespace Siamese.Trainer.Evaluation;

/// <summary>Runs an exported model with ONNX Runtime, as the services do.</summary>
public sealed class OnnxEmbedder : IEmbedder, IDisposable
{
    private readonly InferenceSession session;

    public OnnxEmbedder(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model '{path}' does not exist.", path);
        }

        session = new InferenceSession(path);
        Metadata = ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap);
    }

    public ModelMetadata Metadata { get; }

    public float[][] Embed(IReadOnlyList<float[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        const int batchSize = 64;
        int c = Metadata.InputChannels, h = Metadata.InputHeight, w = Metadata.InputWidth, plane = c * h * w;
        var result = new float[inputs.Count][];
        for (var start = 0; start < inputs.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, inputs.Count - start);
            var input = new DenseTensor<float>([count, c, h, w]);
            for (var k = 0; k < count; k++)
            {
                inputs[start + k].CopyTo(input.Buffer.Span[(k * plane)..]);
            }

            using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(ModelMetadataKeys.InputTensor, input)]);
            var embedding = outputs.First(o => o.Name == ModelMetadataKeys.OutputTensor).AsTensor<float>();
            var dimension = (int)embedding.Dimensions[1];
            var values = embedding.ToArray();
            for (var k = 0; k < count; k++)
            {
                result[start + k] = values.AsSpan(k * dimension, dimension).ToArray();
            }
        }

        return result;
    }

    public void Dispose() => session.Dispose();
}
