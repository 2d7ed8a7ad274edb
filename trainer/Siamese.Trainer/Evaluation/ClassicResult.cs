namespace Siamese.Trainer.Evaluation;

/// <summary>
/// The figure often quoted for ORL: among pairs closer than <see cref="Cutoff"/>, the share that are genuine
/// (<see cref="GenuineShareBelowCutoff"/>); <see cref="Accuracy"/> is the plain pair accuracy at the same cutoff.
/// </summary>
public sealed record ClassicResult(string Pairs, int PairCount, float Cutoff, double GenuineShareBelowCutoff, double Accuracy)
{
    public static ClassicResult Compute(string pairs, IReadOnlyList<float> distances, IReadOnlyList<bool> genuine, float cutoff = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(genuine);
        int below = 0, genuineBelow = 0, right = 0;
        for (var i = 0; i < distances.Count; i++)
        {
            var accepted = distances[i] < cutoff;
            below += accepted ? 1 : 0;
            genuineBelow += accepted && genuine[i] ? 1 : 0;
            right += accepted == genuine[i] ? 1 : 0;
        }

        return new ClassicResult(pairs, distances.Count, cutoff, below == 0 ? 0 : (double)genuineBelow / below, distances.Count == 0 ? 0 : (double)right / distances.Count);
    }
}
