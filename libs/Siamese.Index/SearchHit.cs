namespace Siamese.Index;

/// <summary>A subject found by a search, with its nearest example and that example's Euclidean distance.</summary>
public sealed record SearchHit(string SubjectId, string DisplayName, Guid ExampleId, float Distance);
