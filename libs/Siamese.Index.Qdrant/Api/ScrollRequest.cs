namespace Siamese.Index.Qdrant.Api;

/// <summary>Body of <c>POST /collections/{name}/points/scroll</c>; <see cref="Offset"/> is the previous page's next offset.</summary>
public sealed record ScrollRequest(Filter Filter, int Limit, Guid? Offset, IReadOnlyList<string> WithPayload, bool WithVector = false);
