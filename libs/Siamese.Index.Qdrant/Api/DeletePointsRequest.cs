namespace Siamese.Index.Qdrant.Api;

/// <summary>Body of <c>POST /collections/{name}/points/delete</c>: delete by filter.</summary>
public sealed record DeletePointsRequest(Filter Filter);
