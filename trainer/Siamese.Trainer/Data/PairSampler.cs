namespace Siamese.Trainer.Data;

/// <summary>
/// Draws balanced genuine/impostor pairs from a set of images (one epoch's worth at a time). Only the images
/// it was given are ever drawn, so a sampler built on training images cannot leak a test identity.
/// </summary>
public sealed class PairSampler
{
    private readonly int[][] byIdentity;
    private readonly int[][] genuineCapable;

    /// <param name="identityOfImage">Identity index of each image (the pair indices refer to this list).</param>
    /// <param name="imageIndices">The images to draw from (e.g. the training identities' images).</param>
    public PairSampler(IReadOnlyList<int> identityOfImage, IEnumerable<int> imageIndices)
    {
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentNullException.ThrowIfNull(imageIndices);
        byIdentity = [.. imageIndices.GroupBy(i => identityOfImage[i]).OrderBy(g => g.Key).Select(g => g.Order().ToArray())];
        genuineCapable = [.. byIdentity.Where(images => images.Length >= 2)];
        if (byIdentity.Length < 2 || genuineCapable.Length == 0)
        {
            throw new ArgumentException("Pairs need at least 2 identities, one of them with at least 2 images.");
        }
    }

    public int Identities => byIdentity.Length;

    /// <summary><paramref name="count"/> pairs (rounded up to even): half genuine, half impostor, shuffled.</summary>
    public ImagePair[] Draw(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(random);
        var half = (count + 1) / 2;
        var pairs = new ImagePair[half * 2];
        for (var k = 0; k < half; k++)
        {
            pairs[2 * k] = Genuine(random);
            pairs[(2 * k) + 1] = Impostor(random);
        }

        random.Shuffle(pairs);
        return pairs;
    }

    private ImagePair Genuine(Random random)
    {
        var images = genuineCapable[random.Next(genuineCapable.Length)];
        var a = random.Next(images.Length);
        var b = random.Next(images.Length - 1);
        return new ImagePair(images[a], images[b >= a ? b + 1 : b], true);
    }

    private ImagePair Impostor(Random random)
    {
        var a = random.Next(byIdentity.Length);
        var b = random.Next(byIdentity.Length - 1);
        var first = byIdentity[a];
        var second = byIdentity[b >= a ? b + 1 : b];
        return new ImagePair(first[random.Next(first.Length)], second[random.Next(second.Length)], false);
    }
}
