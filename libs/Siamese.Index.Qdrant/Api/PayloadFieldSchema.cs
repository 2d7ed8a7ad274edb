namespace Siamese.Index.Qdrant.Api;

/// <summary>A payload index type; <see cref="IsTenant"/> tells Qdrant to co-locate each tenant's points.</summary>
public sealed record PayloadFieldSchema(string Type, bool? IsTenant = null);
