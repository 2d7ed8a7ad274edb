using Siamese.Model;

namespace Siamese.Trainer.Data;

/// <summary>Splits by identity, never by image, so test identities are never seen in training.</summary>
public static class IdentitySplitter
{
    /// <summary>
    /// Shuffles the labels with <paramref name="seed"/>, takes <paramref name="testCount"/> for test, then
    /// <paramref name="validationCount"/> for validation; the rest train. Each list is returned in natural order.
    /// </summary>
    public static IdentitySplit Split(IEnumerable<string> labels, int testCount, int validationCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);

        var ordered = labels.Distinct(StringComparer.Ordinal).Order(NaturalComparer.Instance).ToArray();
        var trainCount = ordered.Length - testCount - validationCount;
        if (trainCount < 2)
        {
            throw new ArgumentException(
                $"{ordered.Length} identities cannot give {testCount} test and {validationCount} validation identities " +
                "and still leave at least 2 to train on: lower --test-identities or --val-identities.");
        }

        new Random(seed).Shuffle(ordered);
        return new IdentitySplit(
            Train: Sorted(ordered.Skip(testCount + validationCount)),
            Validation: Sorted(ordered.Skip(testCount).Take(validationCount)),
            Test: Sorted(ordered.Take(testCount)));
    }

    private static string[] Sorted(IEnumerable<string> labels) => [.. labels.Order(NaturalComparer.Instance)];
}
