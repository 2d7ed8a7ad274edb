using Siamese.Inference;

namespace Siamese.Embed.Tests;

/// <summary>Hands out the fake model, optionally only after a gate opens (to observe "not ready yet").</summary>
internal sealed class FakeModelLoader(FakeEmbeddingModel model, Task? gate = null) : IEmbeddingModelLoader
{
    public IEmbeddingModel Load(string modelPath, EmbedOptions options)
    {
        gate?.Wait();
        return model;
    }
}
