using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Embed;

/// <summary>The loaded model and the execution provider it runs on.</summary>
public sealed record EmbedderModel(
    ModelMetadata Metadata, ExecutionProvider RequestedProvider, ExecutionProvider ActiveProvider, string? ProviderNote);
