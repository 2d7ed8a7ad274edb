using Siamese.Model;

namespace Siamese.Inference;

/// <summary>A loaded tower: runs preprocessed batches [N,1,H,W] into embeddings [N,D]. Thread-safe.</summary>
public interface IEmbeddingModel : IDisposable
{
    ModelMetadata Metadata { get; }

    /// <summary>The trainer's preprocessing, configured from the model's metadata.</summary>
    Preprocessor Preprocessor { get; }

    ExecutionProvider RequestedProvider { get; }

    ExecutionProvider ActiveProvider { get; }

    /// <summary>Why <see cref="ActiveProvider"/> differs from <see cref="RequestedProvider"/>; null when it does not.</summary>
    string? ProviderNote { get; }

    /// <summary>Floats of one preprocessed crop (H×W).</summary>
    int InputLength { get; }

    /// <summary>Embedding length.</summary>
    int Dimension { get; }

    /// <summary>Runs <paramref name="count"/> crops laid out [count,1,H,W] at the start of <paramref name="input"/>; returns [count,D].</summary>
    float[] Run(float[] input, int count);
}
