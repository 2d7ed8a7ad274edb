using System.Collections.Concurrent;
using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Embed.Tests;

/// <summary>
/// A model whose embedding of a crop is [mean of its input, first input value]: easy to predict, so tests can
/// check that every caller gets its own vectors back. Records the size of every run.
/// </summary>
internal sealed class FakeEmbeddingModel : IEmbeddingModel
{
    public static readonly ModelMetadata FakeMetadata = new()
    {
        Name = "fake",
        Version = "1",
        InputHeight = 4,
        InputWidth = 3,
        PixelMean = 0,
        PixelStd = 1,
        EmbeddingDimension = 2,
        Threshold = 0.5f,
    };

    public ConcurrentQueue<int> Runs { get; } = new();

    public ModelMetadata Metadata => FakeMetadata;

    public Preprocessor Preprocessor { get; } = new(FakeMetadata);

    public ExecutionProvider RequestedProvider => ExecutionProvider.Cpu;

    public ExecutionProvider ActiveProvider => ExecutionProvider.Cpu;

    public string? ProviderNote => null;

    public int InputLength => 12;

    public int Dimension => 2;

    /// <summary>Slows each run so concurrent callers pile up behind it.</summary>
    public TimeSpan RunDelay { get; set; }

    public float[] Run(float[] input, int count)
    {
        Runs.Enqueue(count);
        if (RunDelay > TimeSpan.Zero)
        {
            Thread.Sleep(RunDelay);
        }

        var output = new float[count * 2];
        for (var i = 0; i < count; i++)
        {
            var row = input.AsSpan(i * InputLength, InputLength);
            float sum = 0;
            foreach (var v in row)
            {
                sum += v;
            }

            output[i * 2] = sum / InputLength;
            output[(i * 2) + 1] = row[0];
        }

        return output;
    }

    public void Dispose()
    {
    }
}
