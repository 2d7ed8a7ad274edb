namespace Siamese.Trainer.Evaluation;

/// <summary>Embeddings of a set of images and the identity of each, grouped for episode draws.</summary>
public sealed class EmbeddedImages
{
    public EmbeddedImages(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> identityOfImage, IReadOnlyList<int> images)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentNullException.ThrowIfNull(images);
        Embeddings = embeddings;
        IdentityOfImage = identityOfImage;
        Images = images;
        ByIdentity = [.. images.GroupBy(i => identityOfImage[i]).OrderBy(g => g.Key).Select(g => g.ToArray())];
    }

    public IReadOnlyList<float[]> Embeddings { get; }

    public IReadOnlyList<int> IdentityOfImage { get; }

    /// <summary>The images evaluated (indices into <see cref="Embeddings"/>), in scan order.</summary>
    public IReadOnlyList<int> Images { get; }

    /// <summary>Images of each identity, in scan order.</summary>
    public int[][] ByIdentity { get; }

    /// <summary>Identities that can give a gallery image and a different probe image.</summary>
    public int[][] WithTwoOrMore => [.. ByIdentity.Where(g => g.Length >= 2)];

    public float Distance(int a, int b) => Distances.Euclidean(Embeddings[a], Embeddings[b]);

    /// <summary>The gallery position nearest to <paramref name="probe"/> and its distance.</summary>
    public (int Position, float Distance) Nearest(int probe, IReadOnlyList<int> gallery)
    {
        var best = (Position: -1, Distance: float.PositiveInfinity);
        for (var k = 0; k < gallery.Count; k++)
        {
            var d = Distance(probe, gallery[k]);
            if (d < best.Distance)
            {
                best = (k, d);
            }
        }

        return best;
    }
}
