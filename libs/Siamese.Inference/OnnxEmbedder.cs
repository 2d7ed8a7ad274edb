using Microsoft.ML.OnnxRuntime;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Onnx;
using ModelMetadata = Siamese.Model.ModelMetadata;

namespace Siamese.Inference;

/// <summary>
/// An exported Siamese tower in ONNX Runtime: reads the model's metadata (input size, normalisation,
/// dimension, threshold) and turns batches [N,C,H,W] into embeddings [N,D]. One run at a time per instance
/// is not required: ONNX Runtime sessions are thread-safe for Run.
/// </summary>
public sealed class OnnxEmbedder : IEmbeddingModel
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames = [ModelMetadataKeys.InputTensor];
    private readonly string[] _outputNames = [ModelMetadataKeys.OutputTensor];

    /// <param name="requireProvider">Throw <see cref="ExecutionProviderUnavailableException"/> rather than run on the CPU when <paramref name="provider"/> cannot be used.</param>
    public OnnxEmbedder(string modelPath, ExecutionProvider provider = ExecutionProvider.Cpu, int intraOpThreads = 0, bool requireProvider = false)
    {
        var created = InferenceSessionFactory.Create(modelPath, provider, intraOpThreads, requireProvider);
        _session = created.Session;
        try
        {
            Metadata = OnnxModelFile.ReadMetadata(modelPath);
            CheckTensors();
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        ModelPath = Path.GetFullPath(modelPath);
        RequestedProvider = created.Requested;
        ActiveProvider = created.Active;
        ProviderNote = created.FallbackReason;
        Preprocessor = new Preprocessor(Metadata);
    }

    public string ModelPath { get; }

    public ModelMetadata Metadata { get; }

    /// <summary>The trainer's preprocessing, configured from the model's metadata.</summary>
    public Preprocessor Preprocessor { get; }

    public ExecutionProvider RequestedProvider { get; }

    public ExecutionProvider ActiveProvider { get; }

    /// <summary>Why <see cref="ActiveProvider"/> differs from <see cref="RequestedProvider"/>; null when it does not.</summary>
    public string? ProviderNote { get; }

    /// <summary>Floats of one preprocessed crop (C×H×W).</summary>
    public int InputLength => Preprocessor.InputLength;

    public int Dimension => Metadata.EmbeddingDimension;

    /// <summary>
    /// Runs <paramref name="count"/> preprocessed crops laid out as [count,C,H,W] in <paramref name="input"/>
    /// and returns the embeddings as [count,D], row-major.
    /// </summary>
    public float[] Run(float[] input, int count)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (input.Length < (long)count * InputLength)
        {
            throw new ArgumentException($"Expected {count} × {InputLength} floats, got {input.Length}.", nameof(input));
        }

        var memory = input.AsMemory(0, count * InputLength);
        using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory,
            [count, Metadata.InputChannels, Metadata.InputHeight, Metadata.InputWidth]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [tensor], _outputNames);
        var result = outputs[0].GetTensorDataAsSpan<float>();
        if (result.Length != count * Dimension)
        {
            throw new InvalidDataException($"The model returned {result.Length} floats for {count} crops; expected {count * Dimension}.");
        }

        return result.ToArray();
    }

    /// <summary>Preprocesses and embeds crops (tools, tests, benchmarks and the trainer's offline figures); a colour model gets each gray crop in all three planes.</summary>
    public float[][] Embed(IReadOnlyList<GrayImage> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        return EmbedInputs([.. crops.Select(Preprocessor.ToTensor)]);
    }

    /// <summary>Preprocesses and embeds colour crops: a colour model reads their R, G, B planes, a gray model their luma.</summary>
    public float[][] Embed(IReadOnlyList<RgbImage> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        return EmbedInputs([.. crops.Select(Preprocessor.ToTensor)]);
    }

    /// <summary>Embeds inputs already preprocessed (C×H×W floats each, as <see cref="Preprocessor"/> writes them), in batches.</summary>
    public float[][] EmbedInputs(IReadOnlyList<float[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        const int batchSize = 64;
        var vectors = new float[inputs.Count][];
        for (var start = 0; start < inputs.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, inputs.Count - start);
            var input = new float[count * InputLength];
            for (var i = 0; i < count; i++)
            {
                var one = inputs[start + i];
                if (one.Length != InputLength)
                {
                    throw new ArgumentException($"Input {start + i} has {one.Length} floats; the model takes {InputLength}.", nameof(inputs));
                }

                one.CopyTo(input, i * InputLength);
            }

            var flat = Run(input, count);
            for (var i = 0; i < count; i++)
            {
                vectors[start + i] = flat.AsSpan(i * Dimension, Dimension).ToArray();
            }
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();

    private void CheckTensors()
    {
        if (!_session.InputMetadata.TryGetValue(ModelMetadataKeys.InputTensor, out var input) || input.Dimensions.Length != 4)
        {
            throw new InvalidDataException($"The model has no 4-dimensional input named '{ModelMetadataKeys.InputTensor}'.");
        }

        if (input.Dimensions[1] > 0 && input.Dimensions[1] != Metadata.InputChannels)
        {
            throw new InvalidDataException(
                $"The model's input has {input.Dimensions[1]} channels but its metadata ('{ModelMetadataKeys.InputChannels}') says {Metadata.InputChannels}.");
        }

        if (!_session.OutputMetadata.ContainsKey(ModelMetadataKeys.OutputTensor))
        {
            throw new InvalidDataException($"The model has no output named '{ModelMetadataKeys.OutputTensor}'.");
        }
    }
}
