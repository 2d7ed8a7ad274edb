namespace Siamese.Index.Qdrant.Api;

/// <summary>Body of <c>POST /collections/{name}/points/count</c>.</summary>
public sealed record CountRequest(Filter Filter, bool Exact = true);
