namespace Siamese.Benchmarks;

/// <summary>
/// Deterministic gallery-like vectors: subjects whose centres lie near a low-dimensional latent space (face and
/// item embeddings are far from isotropic: look-alikes exist), several examples per subject scattered around its
/// centre, and probes that are fresh examples of enrolled subjects.
/// centre = W·z / √L + r, z ~ N(0, I_L), W ~ N(0, 1)^{D×L}, r ~ N(0, 0.2²·I_D); example = centre + N(0, 0.3²·I_D).
/// </summary>
internal sealed class GalleryData
{
    public const int LatentDimension = 32;
    private const float Residual = 0.2f;
    private const float Spread = 0.3f;

    private readonly float[] _centres;

    public GalleryData(int subjects, int dimension, int seed)
    {
        Subjects = subjects;
        Dimension = dimension;
        var random = new Random(seed);
        var mixing = Gaussians(random, dimension * LatentDimension, 1f);
        _centres = new float[(long)subjects * dimension];
        var latent = new float[LatentDimension];
        var scale = 1f / MathF.Sqrt(LatentDimension);
        for (var s = 0; s < subjects; s++)
        {
            Fill(random, latent, 1f);
            var centre = _centres.AsSpan((int)((long)s * dimension), dimension);
            Fill(random, centre, Residual);
            for (var d = 0; d < dimension; d++)
            {
                var sum = 0f;
                for (var l = 0; l < LatentDimension; l++)
                {
                    sum += mixing[(d * LatentDimension) + l] * latent[l];
                }

                centre[d] += sum * scale;
            }
        }
    }

    public int Subjects { get; }

    public int Dimension { get; }

    public static string Description =>
        $"subjects' centres = W·z/√{LatentDimension} + N(0, {Residual}²) (latent z of dimension {LatentDimension}), " +
        $"examples and probes = centre + N(0, {Spread}²) per element";

    /// <summary>An example of <paramref name="subject"/> written into <paramref name="into"/>.</summary>
    public void Example(Random random, int subject, Span<float> into)
    {
        Fill(random, into, Spread);
        var centre = _centres.AsSpan((int)((long)subject * Dimension), Dimension);
        for (var d = 0; d < into.Length; d++)
        {
            into[d] += centre[d];
        }
    }

    private static float[] Gaussians(Random random, int count, float sigma)
    {
        var values = new float[count];
        Fill(random, values, sigma);
        return values;
    }

    // Box–Muller, two values per pair of uniforms.
    private static void Fill(Random random, Span<float> into, float sigma)
    {
        for (var i = 0; i < into.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1)) * sigma;
            into[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < into.Length)
            {
                into[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }
}
