namespace Siamese.Trainer.Data;

/// <summary>
/// Draws steps of P identities × K images (P·K ≈ the images of a pair batch). Every pair within a step is then
/// used, which gives each step many hard impostor pairs instead of a few random ones. Given the identities' groups
/// (e.g. the alphabet of each character), a step takes its identities from as few groups as fill it: a group drawn at
/// random first, then another while the step has room. Its impostors are then the look-alikes a one-shot draw among
/// one group's classes has to tell apart, not mostly characters of other alphabets.
/// </summary>
public sealed class IdentityBatchSampler
{
    private readonly int[][] byIdentity;
    private readonly IReadOnlyList<int> identityOfImage;
    private readonly IReadOnlySet<int> anchors;
    private readonly int[]? groupOf;

    /// <param name="anchors">Images taken in every step that draws their identity (e.g. a class's catalogue image); none by default.</param>
    /// <param name="groupOfIdentity">The group of each identity id; null draws each step's identities from all of them.</param>
    public IdentityBatchSampler(IReadOnlyList<int> identityOfImage, IEnumerable<int> imageIndices, IReadOnlySet<int>? anchors = null, Func<int, int>? groupOfIdentity = null)
    {
        this.anchors = anchors ?? new HashSet<int>();
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentNullException.ThrowIfNull(imageIndices);
        this.identityOfImage = identityOfImage;
        byIdentity = [.. imageIndices.GroupBy(i => identityOfImage[i]).OrderBy(g => g.Key).Select(g => g.Order().ToArray()).Where(g => g.Length >= 2)];
        if (byIdentity.Length < 2)
        {
            throw new ArgumentException("Batches need at least 2 identities with at least 2 images.");
        }

        // Per entry of byIdentity, its group renumbered 0, 1, … (the draw ranks the groups by a shuffle).
        if (groupOfIdentity is not null)
        {
            var groups = byIdentity.Select(images => groupOfIdentity(identityOfImage[images[0]])).ToArray();
            var number = groups.Distinct().Order().Select((g, n) => (g, n)).ToDictionary(p => p.g, p => p.n);
            groupOf = [.. groups.Select(g => number[g])];
            Groups = number.Count;
        }
    }

    /// <summary>How many groups the identities fall in (1 without groups).</summary>
    public int Groups { get; } = 1;

    /// <summary><paramref name="steps"/> batches of about <paramref name="images"/> images, <paramref name="perIdentity"/> per identity.</summary>
    public (long[] Images, long[] Identities)[] Draw(int steps, int images, int perIdentity, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var identities = Math.Clamp(images / perIdentity, 2, byIdentity.Length);
        var order = Enumerable.Range(0, byIdentity.Length).ToArray();
        var groupRank = new int[Groups];
        var result = new (long[], long[])[steps];
        for (var s = 0; s < steps; s++)
        {
            random.Shuffle(order);
            if (groupOf is not null)
            {
                // A random order of the groups, and the identities group by group in it (a stable sort keeps the shuffle within each group).
                for (var g = 0; g < groupRank.Length; g++)
                {
                    groupRank[g] = g;
                }

                random.Shuffle(groupRank);
                order = [.. order.OrderBy(i => groupRank[groupOf[i]])];
            }

            var chosen = new List<long>();
            foreach (var id in order.Take(identities))
            {
                var own = byIdentity[id].ToArray();
                random.Shuffle(own);
                chosen.AddRange(own.OrderBy(i => anchors.Contains(i) ? 0 : 1).Take(perIdentity).Select(i => (long)i));
            }

            result[s] = ([.. chosen], [.. chosen.Select(i => (long)identityOfImage[(int)i])]);
        }

        return result;
    }
}
