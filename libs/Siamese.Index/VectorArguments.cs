namespace Siamese.Index;

/// <summary>The argument checks every <see cref="IVectorIndex"/> applies, so both implementations reject the same input the same way.</summary>
public static class VectorArguments
{
    /// <summary>Throws when the tenant is null, empty or whitespace.</summary>
    public static void Tenant(string tenant)
    {
        if (string.IsNullOrWhiteSpace(tenant))
        {
            throw new ArgumentException("Tenant must not be empty.", nameof(tenant));
        }
    }

    /// <summary>Throws when the subject id is null, empty or whitespace.</summary>
    public static void Subject(string subjectId)
    {
        if (string.IsNullOrWhiteSpace(subjectId))
        {
            throw new ArgumentException("Subject id must not be empty.", nameof(subjectId));
        }
    }

    /// <summary>Throws when the vector's length is not <paramref name="dimension"/> or an element is NaN or infinite.</summary>
    public static void Vector(ReadOnlySpan<float> vector, int dimension, string parameterName)
    {
        if (VectorProblem(vector, dimension) is { } problem)
        {
            throw new ArgumentException($"Vector {problem}.", parameterName);
        }
    }

    private static string? VectorProblem(ReadOnlySpan<float> vector, int dimension)
    {
        if (vector.Length != dimension)
        {
            return $"has {vector.Length} elements but the index holds vectors of dimension {dimension}";
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                return $"element {i} is {vector[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}; every element must be a finite number";
            }
        }

        return null;
    }

    /// <summary>Checks a batch of records: tenant, subject, id and vector of each; the message names the bad record.</summary>
    public static void Records(IReadOnlyList<VectorRecord> records, int dimension)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var problem = record switch
            {
                null => "is null",
                { Tenant: var t } when string.IsNullOrWhiteSpace(t) => "has an empty tenant",
                { SubjectId: var s } when string.IsNullOrWhiteSpace(s) => "has an empty subject id",
                { Id: var id } when id == Guid.Empty => "has the empty Guid as id",
                { Vector: null } => "has no vector",
                _ => VectorProblem(record.Vector, dimension),
            };
            if (problem is not null)
            {
                throw new ArgumentException($"Record {i} ({record?.Id}) {problem}.", nameof(records));
            }
        }
    }

    /// <summary>Throws when the limit or page size is not positive.</summary>
    public static void Positive(int value, string parameterName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be positive.");
        }
    }
}
