using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Siamese.Model;

namespace Siamese.Trainer.Suite;

/// <summary>Images per second of an exported model through ONNX Runtime (CPU, default session options, as the embed service on a CPU node).</summary>
public static class ModelThroughput
{
    public const int BatchSize = 32;

    /// <summary>
    /// ONNX Runtime's first two runs at a new batch shape are slow on some CPUs: the grocery backbone took 2.44 s and
    /// 2.30 s for its first two batches on a 2-core EPYC with AVX-512, then 1.26–1.29 s for every batch after; one
    /// warm-up batch read 14.6–17.2 images/s there against 23.7 steady.
    /// </summary>
    public const int WarmUpBatches = 2;

    /// <summary>
    /// Batches of <see cref="BatchSize"/> random inputs of the model's input shape, after <see cref="WarmUpBatches"/>
    /// warm-up batches, for at least <paramref name="seconds"/> and two batches. A model of 20 images/s (the backbone)
    /// takes 1.3–1.6 s a batch: the former five measured batches cost it 11 s of every suite run for the same figure.
    /// </summary>
    public static double Measure(string modelPath, double seconds = 2)
    {
        using var session = new InferenceSession(modelPath);
        var dimensions = session.InputMetadata[ModelMetadataKeys.InputTensor].Dimensions;
        int[] shape = [BatchSize, .. dimensions.Skip(1)];
        var input = new DenseTensor<float>(shape);
        var random = new Random(0);
        for (var i = 0; i < input.Length; i++)
        {
            input.Buffer.Span[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var inputs = new[] { NamedOnnxValue.CreateFromTensor(ModelMetadataKeys.InputTensor, input) };
        for (var i = 0; i < WarmUpBatches; i++)
        {
            using var warmUp = session.Run(inputs);
        }

        var clock = Stopwatch.StartNew();
        var images = 0;
        while (clock.Elapsed.TotalSeconds < seconds || images < 2 * BatchSize)
        {
            using var _ = session.Run(inputs);
            images += BatchSize;
        }

        return images / clock.Elapsed.TotalSeconds;
    }
}
