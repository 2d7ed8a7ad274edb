namespace Siamese.Trainer.Data;

/// <summary>
/// The scheme behind the often-quoted ORL figures: 10,000 genuine + 10,000 impostor pairs drawn from ALL
/// identities (with replacement), shuffled, 75% to train and 25% to test. Test pairs share identities, and
/// often the very same pairs, with training: kept only to set our numbers beside published ones.
/// </summary>
public sealed record ClassicPairSplit(IReadOnlyList<ImagePair> Train, IReadOnlyList<ImagePair> Test)
{
    public static ClassicPairSplit Create(IReadOnlyList<int> identityOfImage, int seed, int genuine = 10_000, int impostor = 10_000, double trainShare = 0.75)
    {
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentOutOfRangeException.ThrowIfNotEqual(genuine, impostor);
        var sampler = new PairSampler(identityOfImage, Enumerable.Range(0, identityOfImage.Count));
        var pairs = sampler.Draw(genuine + impostor, new Random(seed));
        var trainCount = (int)Math.Round(pairs.Length * trainShare);
        return new ClassicPairSplit(pairs[..trainCount], pairs[trainCount..]);
    }
}
