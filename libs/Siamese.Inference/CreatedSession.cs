using Microsoft.ML.OnnxRuntime;

namespace Siamese.Inference;

/// <summary>A session with the provider it actually runs on and, when that differs from the request, why.</summary>
public sealed record CreatedSession(
    InferenceSession Session, ExecutionProvider Requested, ExecutionProvider Active, string? FallbackReason);
