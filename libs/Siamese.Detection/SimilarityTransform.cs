using System.Numerics;

namespace Siamese.Detection;

/// <summary>
/// Rotation, uniform scale and translation: x' = A·x − B·y + Tx, y' = B·x + A·y + Ty
/// (A = s·cos θ, B = s·sin θ).
/// </summary>
public readonly record struct SimilarityTransform(float A, float B, float Tx, float Ty)
{
    /// <summary>The uniform scale factor s.</summary>
    public float Scale => MathF.Sqrt((A * A) + (B * B));

    /// <summary>The rotation θ in radians.</summary>
    public float Angle => MathF.Atan2(B, A);

    /// <summary>The transform that maps <paramref name="from1"/> onto <paramref name="to1"/> and <paramref name="from2"/> onto <paramref name="to2"/> exactly.</summary>
    /// <exception cref="ArgumentException">The two source points coincide (no rotation or scale follows from them).</exception>
    public static SimilarityTransform FromPointPairs(Vector2 from1, Vector2 from2, Vector2 to1, Vector2 to2)
    {
        var d = from2 - from1;
        var e = to2 - to1;
        var norm = d.LengthSquared();
        if (!(norm > 1e-6f) || !float.IsFinite(norm) || !float.IsFinite(e.X) || !float.IsFinite(e.Y))
        {
            throw new ArgumentException($"The points {from1} and {from2} coincide or are not finite: a similarity transform needs two distinct points.");
        }

        // Complex division e / d gives s·e^{iθ}.
        var a = ((e.X * d.X) + (e.Y * d.Y)) / norm;
        var b = ((e.Y * d.X) - (e.X * d.Y)) / norm;
        return new SimilarityTransform(a, b, to1.X - ((a * from1.X) - (b * from1.Y)), to1.Y - ((b * from1.X) + (a * from1.Y)));
    }

    /// <summary>
    /// The weighted least-squares similarity mapping <paramref name="from"/> onto <paramref name="to"/>
    /// (minimises Σ wᵢ·|T(fromᵢ) − toᵢ|²; closed form in complex numbers, no reflection).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, weights are not positive, or the source points all coincide.</exception>
    public static SimilarityTransform FitLeastSquares(ReadOnlySpan<Vector2> from, ReadOnlySpan<Vector2> to, ReadOnlySpan<float> weights)
    {
        if (from.Length != to.Length || from.Length != weights.Length || from.Length < 2)
        {
            throw new ArgumentException($"Need at least 2 point pairs with one weight each; got {from.Length} source points, {to.Length} targets and {weights.Length} weights.");
        }

        Vector2 meanFrom = Vector2.Zero, meanTo = Vector2.Zero;
        var total = 0f;
        for (var i = 0; i < from.Length; i++)
        {
            if (!(weights[i] >= 0) || !float.IsFinite(weights[i]) || !float.IsFinite(from[i].X + from[i].Y + to[i].X + to[i].Y))
            {
                throw new ArgumentException($"Point pair {i} ({from[i]} → {to[i]}, weight {weights[i]}) is not finite or has a negative weight.");
            }

            meanFrom += weights[i] * from[i];
            meanTo += weights[i] * to[i];
            total += weights[i];
        }

        if (!(total > 0))
        {
            throw new ArgumentException("The weights sum to zero.");
        }

        meanFrom /= total;
        meanTo /= total;
        float re = 0, im = 0, norm = 0;
        for (var i = 0; i < from.Length; i++)
        {
            var d = from[i] - meanFrom;
            var e = to[i] - meanTo;
            re += weights[i] * ((e.X * d.X) + (e.Y * d.Y));
            im += weights[i] * ((e.Y * d.X) - (e.X * d.Y));
            norm += weights[i] * d.LengthSquared();
        }

        if (!(norm > 1e-6f))
        {
            throw new ArgumentException("The source points coincide: a similarity transform needs two distinct points.");
        }

        var a = re / norm;
        var b = im / norm;
        return new SimilarityTransform(a, b, meanTo.X - ((a * meanFrom.X) - (b * meanFrom.Y)), meanTo.Y - ((b * meanFrom.X) + (a * meanFrom.Y)));
    }

    public Vector2 Apply(Vector2 p) => new((A * p.X) - (B * p.Y) + Tx, (B * p.X) + (A * p.Y) + Ty);

    /// <summary>This transform applied after <paramref name="first"/>: x ↦ this(first(x)).</summary>
    public SimilarityTransform After(SimilarityTransform first) =>
        new((A * first.A) - (B * first.B), (B * first.A) + (A * first.B),
            (A * first.Tx) - (B * first.Ty) + Tx, (B * first.Tx) + (A * first.Ty) + Ty);

    /// <summary>The transform that undoes this one.</summary>
    public SimilarityTransform Inverse()
    {
        var n = (A * A) + (B * B);
        var a = A / n;
        var b = -B / n;
        return new SimilarityTransform(a, b, -((a * Tx) - (b * Ty)), -((b * Tx) + (a * Ty)));
    }
}
