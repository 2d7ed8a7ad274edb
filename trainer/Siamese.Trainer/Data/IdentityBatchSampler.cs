namespace Siamese.Trainer.Data;

/// <summary>
/// Draws steps of P identities × K images (P·K ≈ the images of a pair batch). Every pair within a step is then
/// used, which gives each step many hard impostor pairs instead of a few random ones.
/// </summary>
public sealed class IdentityBatchSampler
{
    private readonly int[][] byIdentity;
    private readonly IReadOnlyList<int> identityOfImage;
    private readonly IReadOnlySet<int> anchors;

    /// <param name="anchors">Images taken in every step that draws their identity (e.g. a class's catalogue image); none by default.</param>
    public IdentityBatchSampler(IReadOnlyList<int> identityOfImage, IEnumerable<int> imageIndices, IReadOnlySet<int>? anchors = null)
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
    }

    /// <summary><paramref name="steps"/> batches of about <paramref name="images"/> images, <paramref name="perIdentity"/> per identity.</summary>
    public (long[] Images, long[] Identities)[] Draw(int steps, int images, int perIdentity, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var identities = Math.Clamp(images / perIdentity, 2, byIdentity.Length);
        var order = Enumerable.Range(0, byIdentity.Length).ToArray();
        var result = new (long[], long[])[steps];
        for (var s = 0; s < steps; s++)
        {
            random.Shuffle(order);
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
