using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>Scores a tower on the validation identities: every pair of their images, no augmentation.</summary>
/// <param name="seenInTraining">The images' identities also train the tower (a split without validation identities).</param>
public sealed class Validator(IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, IReadOnlyList<int> images, double margin, double calibrateFar, bool seenInTraining = false)
{
    public ValidationResult Score(Tower tower) => Score(new TowerEmbedder(tower).Embed([.. images.Select(i => inputs[i])]));

    /// <summary>Scores embeddings already made of the validation images (as the model serves them), indexed as the inputs.</summary>
    public ValidationResult ScoreEmbedded(IReadOnlyList<float[]> embeddingOfImage)
    {
        ArgumentNullException.ThrowIfNull(embeddingOfImage);
        return Score([.. images.Select(i => embeddingOfImage[i])]);
    }

    private ValidationResult Score(float[][] embeddings)
    {
        var identities = images.Select(i => identityOfImage[i]).ToArray();
        var (genuine, impostor) = Distances.AllPairs(embeddings, identities, Enumerable.Range(0, images.Count).ToArray());
        return ValidationResult.Of(genuine, impostor, margin, calibrateFar) with
        {
            Basis = CalibrationBasis.Of(identities, calibrateFar, seenInTraining ? "training identities" : "validation identities", seenInTraining),
        };
    }
}
