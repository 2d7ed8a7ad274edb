namespace Siamese.Index.Qdrant.Api;

/// <summary>Points must satisfy every condition.</summary>
public sealed record Filter(IReadOnlyList<FieldCondition> Must)
{
    /// <summary>tenant = <paramref name="tenant"/> (and subject = <paramref name="subject"/> when given).</summary>
    public static Filter For(string tenant, string? subject = null) => subject is null
        ? new([new FieldCondition("tenant", new MatchValue(tenant))])
        : new([new FieldCondition("tenant", new MatchValue(tenant)), new FieldCondition("subject", new MatchValue(subject))]);
}
