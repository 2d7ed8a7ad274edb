using System.Text.Json.Serialization;

namespace Siamese.Trainer.Evaluation;

/// <summary>Pair verification figures on one set of identities. Accuracy is balanced: (TAR + (1 − FAR)) / 2.</summary>
public sealed record VerificationResult(
    double Auc,
    double Eer,
    [property: JsonPropertyName("tar_at_far_1e-2")] double TarAtFar1e2,
    [property: JsonPropertyName("tar_at_far_1e-3")] double TarAtFar1e3,
    float Threshold,
    double TarAtThreshold,
    double FarAtThreshold,
    double AccuracyAtThreshold,
    int GenuinePairs,
    int ImpostorPairs)
{
    /// <summary>All figures from the pair distances; <paramref name="threshold"/> is the one calibrated elsewhere (validation).</summary>
    public static VerificationResult Compute(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor, float threshold)
    {
        var atThreshold = Roc.Rates(genuine, impostor, threshold);
        return new VerificationResult(
            Roc.Auc(genuine, impostor),
            Roc.Eer(genuine, impostor),
            Roc.TarAtFar(genuine, impostor, 1e-2),
            Roc.TarAtFar(genuine, impostor, 1e-3),
            threshold,
            atThreshold.Tar,
            atThreshold.Far,
            (atThreshold.Tar + 1 - atThreshold.Far) / 2,
            genuine.Count,
            impostor.Count);
    }
}
