namespace Siamese.Index.Qdrant.Api;

/// <summary>Result of a grouped search, groups ordered best first.</summary>
public sealed record GroupsResult(IReadOnlyList<PointGroup> Groups);
