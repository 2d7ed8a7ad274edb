using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Cohort scaling of a face embedding: e / m(e), where m(e) is the mean distance from e to the
/// <see cref="Nearest"/> cohort people nearest to it after the very nearest, a person's distance being that of their
/// nearest face. The cohort is the training people's faces, embedded by the final tower. A face photographed unlike
/// most (far from everybody) is then judged on its own scale, not on a typical face's: kept where the threshold folds
/// say it helps, it lowered the mean EER on ORL seeds 7–12 from 6.04 to 5.24% (trainer README, "Cohort scaling"). The nearest person is skipped so that a person
/// the model was trained on, whose own faces are in the cohort, gets the scale a new person gets.
/// Distances are computed as ‖e‖² + ‖c‖² − 2·e·c; each person's faces are padded to the same count with faces at a
/// squared distance of <see cref="Padding"/>, never the nearest. The ONNX export (<c>CohortGraph</c>) computes the same.
/// </summary>
public sealed class FaceCohort : IDisposable
{
    /// <summary>Cohort people averaged over, after the nearest.</summary>
    public const int DefaultNearest = 3;

    /// <summary>The squared norm given to a padding face: far from any unit-length embedding.</summary>
    public const float Padding = 1e6f;

    /// <summary>The least m: an embedding never divides by less.</summary>
    public const float Epsilon = 1e-6f;

    private FaceCohort(float[] facesByColumn, float[] norms, int dimension, int faceCount, int people, int perPerson, int nearest)
    {
        Dimension = dimension;
        Faces = faceCount;
        People = people;
        PerPerson = perPerson;
        Nearest = nearest;
        FaceColumns = tensor(facesByColumn, [dimension, (long)people * perPerson]);
        SquaredNorms = tensor(norms, [(long)people * perPerson]);
    }

    public int Dimension { get; }

    /// <summary>Cohort faces, padding left out.</summary>
    public int Faces { get; }

    /// <summary>Cohort people.</summary>
    public int People { get; }

    /// <summary>Faces per person, padding included.</summary>
    public int PerPerson { get; }

    /// <summary>People averaged over, after the nearest.</summary>
    public int Nearest { get; }

    /// <summary>The faces as a [D, People·PerPerson] matrix: person p's j-th face is column p·PerPerson + j.</summary>
    public Tensor FaceColumns { get; }

    /// <summary>Each column's squared norm [People·PerPerson] (<see cref="Padding"/> for a padding face).</summary>
    public Tensor SquaredNorms { get; }

    /// <summary>
    /// The cohort of <paramref name="embeddings"/>, whose person is <paramref name="personOf"/>; null with fewer than 2
    /// people. <paramref name="nearest"/> is cut to the people there are after the nearest.
    /// </summary>
    public static FaceCohort? Of(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> personOf, int nearest)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(personOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(nearest, 1);
        if (embeddings.Count != personOf.Count || embeddings.Count == 0)
        {
            throw new ArgumentException($"{embeddings.Count} embeddings and {personOf.Count} people: one person per embedding, at least one.", nameof(personOf));
        }

        var groups = embeddings.Select((e, i) => (e, Person: personOf[i])).GroupBy(x => x.Person).OrderBy(g => g.Key).Select(g => g.Select(x => x.e).ToArray()).ToArray();
        if (groups.Length < 2)
        {
            return null;
        }

        var dimension = embeddings[0].Length;
        var perPerson = groups.Max(g => g.Length);
        var columns = groups.Length * perPerson;
        var byColumn = new float[dimension * columns];
        var norms = new float[columns];
        for (var p = 0; p < groups.Length; p++)
        {
            for (var j = 0; j < perPerson; j++)
            {
                var column = (p * perPerson) + j;
                if (j >= groups[p].Length)
                {
                    norms[column] = Padding;
                    continue;
                }

                var face = groups[p][j];
                if (face.Length != dimension)
                {
                    throw new ArgumentException($"Embeddings of {face.Length} and {dimension} values: one dimension for all.", nameof(embeddings));
                }

                double norm = 0;
                for (var d = 0; d < dimension; d++)
                {
                    byColumn[(d * columns) + column] = face[d];
                    norm += (double)face[d] * face[d];
                }

                norms[column] = (float)norm;
            }
        }

        return new FaceCohort(byColumn, norms, dimension, embeddings.Count, groups.Length, perPerson, Math.Min(nearest, groups.Length - 1));
    }

    /// <summary>e / m(e) for each row of <paramref name="embeddings"/> [N, D].</summary>
    public Tensor Apply(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        using var scope = NewDisposeScope();
        return embeddings.div(Scale(embeddings)).MoveToOuterDisposeScope();
    }

    /// <summary>e / m(e) for each of <paramref name="embeddings"/>.</summary>
    public float[][] Apply(IReadOnlyList<float[]> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count == 0)
        {
            return [];
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var values = Apply(tensor(embeddings.SelectMany(e => e).ToArray(), [embeddings.Count, Dimension])).data<float>().ToArray();
        return [.. Enumerable.Range(0, embeddings.Count).Select(i => values.AsSpan(i * Dimension, Dimension).ToArray())];
    }

    /// <summary>m(e) [N, 1] for each row of <paramref name="embeddings"/> [N, D].</summary>
    public Tensor Scale(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        using var scope = NewDisposeScope();
        // ‖e‖² + ‖c‖² − 2·e·c for every column, then each person's nearest face.
        var squared = embeddings.mul(embeddings).sum([1L], keepdim: true)
            .Plus(SquaredNorms)
            .Plus(embeddings.matmul(FaceColumns).Times(-2.0));
        var perPerson = squared.view(-1, People, PerPerson).amin([2L]);
        // The Nearest + 1 nearest people, the nearest left out.
        var (ranked, _) = perPerson.topk(Nearest + 1, dim: 1, largest: false, sorted: true);
        var distances = ranked.narrow(1, 1, Nearest).relu().sqrt();
        using var epsilon = Epsilon.ToScalar();
        return distances.mean([1L], keepdim: true).clamp_min(epsilon).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        FaceColumns.Dispose();
        SquaredNorms.Dispose();
    }
}
