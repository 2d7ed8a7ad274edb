using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>Scores a tower on the validation identities: every pair of their images, no augmentation.</summary>
public sealed class Validator(IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, IReadOnlyList<int> images, double margin, double calibrateFar)
{
    public ValidationResult Score(Tower tower)
    {
        var embeddings = new TowerEmbedder(tower).Embed([.. images.Select(i => inputs[i])]);
        var (genuine, impostor) = Distances.AllPairs(embeddings, [.. images.Select(i => identityOfImage[i])], Enumerable.Range(0, images.Count).ToArray());
        return ValidationResult.Of(genuine, impostor, margin, calibrateFar);
    }
}
