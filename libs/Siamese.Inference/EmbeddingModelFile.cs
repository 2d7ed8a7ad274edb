using Microsoft.Extensions.Options;
using Siamese.Model;
using Siamese.Onnx;
using Siamese.ServiceDefaults;

namespace Siamese.Inference;

/// <summary>
/// The metadata of <c>Models:Embedding</c>, read once from the file without an ONNX Runtime session: what a host that
/// cuts crops but does not run the model (detect) needs to know about it (input size, crop rule).
/// </summary>
public sealed class EmbeddingModelFile(IOptions<ModelsOptions> models)
{
    private readonly Lazy<ModelMetadata> _metadata = new(() => OnnxModelFile.ReadMetadata(models.Value.RequireEmbedding()));

    /// <summary>The model's metadata; throws naming the setting or the file when it cannot be read.</summary>
    public ModelMetadata Metadata => _metadata.Value;
}
