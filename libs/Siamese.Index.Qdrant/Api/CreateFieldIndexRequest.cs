namespace Siamese.Index.Qdrant.Api;

/// <summary>Body of <c>PUT /collections/{name}/index</c>.</summary>
public sealed record CreateFieldIndexRequest(string FieldName, PayloadFieldSchema FieldSchema);
