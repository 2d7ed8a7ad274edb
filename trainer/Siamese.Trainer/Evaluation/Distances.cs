namespace Siamese.Trainer.Evaluation;

/// <summary>Euclidean distances between embeddings (the metric the services use).</summary>
public static class Distances
{
    public static float Euclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({a.Length} vs {b.Length}).", nameof(b));
        }

        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return (float)Math.Sqrt(sum);
    }

    /// <summary>Every unordered pair among <paramref name="images"/>: distances split by genuine (same identity) or impostor.</summary>
    public static (float[] Genuine, float[] Impostor) AllPairs(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> identityOfImage, IReadOnlyList<int> images)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentNullException.ThrowIfNull(images);
        var genuine = new List<float>();
        var impostor = new List<float>();
        for (var i = 0; i < images.Count; i++)
        {
            for (var j = i + 1; j < images.Count; j++)
            {
                var d = Euclidean(embeddings[images[i]], embeddings[images[j]]);
                (identityOfImage[images[i]] == identityOfImage[images[j]] ? genuine : impostor).Add(d);
            }
        }

        return ([.. genuine], [.. impostor]);
    }
}
