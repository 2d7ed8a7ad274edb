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

    /// <summary>
    /// Splits whole groups of identities (e.g. the characters of one Omniglot alphabet, which look alike): the group
    /// of a label is the first match of <paramref name="groupPattern"/> in it (the label itself when none). Groups
    /// are shuffled with <paramref name="seed"/>; test takes whole groups until it holds at least
    /// <paramref name="testCount"/> identities, then validation likewise; the remaining groups train.
    /// </summary>
    public static IdentitySplit SplitByGroup(IEnumerable<string> labels, string groupPattern, int testCount, int validationCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentException.ThrowIfNullOrEmpty(groupPattern);
        var groupOf = GroupKey(groupPattern);
        var groups = labels.Distinct(StringComparer.Ordinal)
            .GroupBy(groupOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, NaturalComparer.Instance)
            .Select(g => g.ToArray())
            .ToArray();
        new Random(seed).Shuffle(groups);
        var taken = 0;
        List<string> Take(int wanted)
        {
            var chosen = new List<string>();
            while (chosen.Count < wanted && taken < groups.Length)
            {
                chosen.AddRange(groups[taken++]);
            }

            return chosen;
        }

        var test = Take(testCount);
        var validation = Take(validationCount);
        var train = groups.Skip(taken).SelectMany(g => g).ToArray();
        if (train.Length < 2)
        {
            throw new ArgumentException(
                $"{groups.Length} groups (by '{groupPattern}') cannot give {testCount} test and {validationCount} validation identities " +
                "in whole groups and still leave at least 2 to train on: lower --test-identities or --val-identities.");
        }

        return new IdentitySplit(Sorted(train), Sorted(validation), Sorted(test));
    }

    /// <summary>
    /// The group of a label under <paramref name="groupPattern"/>: the pattern's first non-empty match in the label, or
    /// the label itself when there is none (<see cref="SplitByGroup"/>, and the grouped steps of training).
    /// </summary>
    public static Func<string, string> GroupKey(string groupPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupPattern);
        var pattern = new System.Text.RegularExpressions.Regex(groupPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return label => pattern.Match(label) is { Success: true, Length: > 0 } match ? match.Value : label;
    }

    /// <summary>
    /// The group of each identity (0, 1, … in order of first appearance) under <paramref name="groupPattern"/>, for
    /// <see cref="IdentityBatchSampler"/>. An id beyond the labels is a turned copy (<see cref="RotatedClasses"/>: id +
    /// k × labels for the k-th quarter turn) and belongs to a group of its own per group and turn: a turned alphabet is
    /// another alphabet.
    /// </summary>
    public static Func<int, int> IdentityGroups(IReadOnlyList<string> labels, string groupPattern)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var groupOf = GroupKey(groupPattern);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var group = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            var key = groupOf(labels[i]);
            if (!index.TryGetValue(key, out group[i]))
            {
                group[i] = index.Count;
                index.Add(key, group[i]);
            }
        }

        const int turns = RotatedClasses.MaximumCopies;
        return id => id >= 0 && id / labels.Count < turns
            ? (group[id % labels.Count] * turns) + (id / labels.Count)
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"Identity ids run from 0 to {(turns * labels.Count) - 1} ({labels.Count} labels and their quarter turns).");
    }

    private static string[] Sorted(IEnumerable<string> labels) => [.. labels.Order(NaturalComparer.Instance)];
}
