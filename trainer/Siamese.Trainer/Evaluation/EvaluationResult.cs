using System.Text.Json.Serialization;

namespace Siamese.Trainer.Evaluation;

/// <summary>Every figure on the test identities; the distances stay out of the JSON (they feed the plots).</summary>
public sealed record EvaluationResult(
    VerificationResult Verification,
    OneShotResult OneShot,
    OpenSetResult OpenSet,
    GalleryFirstResult GalleryFirst,
    ClassicResult Classic)
{
    [JsonIgnore]
    public IReadOnlyList<float> GenuineDistances { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<float> ImpostorDistances { get; init; } = [];
}
