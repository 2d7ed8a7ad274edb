using Siamese.Model;

namespace Siamese.Inference;

/// <summary>The loaded model and the execution provider it runs on.</summary>
public sealed record EmbedderModel(
    ModelMetadata Metadata, ExecutionProvider RequestedProvider, ExecutionProvider ActiveProvider, string? ProviderNote);
