using System.Text;

namespace Siamese.Index;

/// <summary>
/// The identity of a vector space: the model that produced the vectors and their length.
/// Vectors of two models never mix, so stores are named after <see cref="ModelId"/>.
/// </summary>
public sealed record VectorSpace
{
    /// <summary>Creates a vector space for a model id ("name:version") and an embedding dimension.</summary>
    /// <exception cref="ArgumentException">The model id is empty or the dimension is not positive.</exception>
    public VectorSpace(string modelId, int dimension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ModelId = modelId;
        Dimension = dimension;
    }

    /// <summary>The model's "name:version".</summary>
    public string ModelId { get; }

    /// <summary>The embedding length.</summary>
    public int Dimension { get; }

    /// <summary>
    /// <see cref="ModelId"/> reduced to <c>[a-z0-9_-]</c>, usable as a file or collection name
    /// ("Tower:1.2" → "tower_1_2").
    /// </summary>
    public string SafeName
    {
        get
        {
            var builder = new StringBuilder(ModelId.Length);
            foreach (var c in ModelId.ToLowerInvariant())
            {
                builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
            }

            return builder.ToString();
        }
    }
}
