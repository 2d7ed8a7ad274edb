namespace Siamese.Index.Qdrant.Api;

/// <summary>A page of points; <see cref="NextPageOffset"/> is null on the last page.</summary>
public sealed record ScrollResult(IReadOnlyList<RetrievedPoint> Points, Guid? NextPageOffset);
