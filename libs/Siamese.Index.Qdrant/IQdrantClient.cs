using Siamese.Index.Qdrant.Api;

namespace Siamese.Index.Qdrant;

/// <summary>
/// The part of Qdrant's REST API this project uses. Every failure is a <see cref="QdrantException"/>
/// naming the collection and the operation; writes wait until applied (<c>wait=true</c>).
/// </summary>
public interface IQdrantClient
{
    /// <summary><c>GET /collections/{name}</c>; null when the collection does not exist (404).</summary>
    Task<CollectionInfo?> GetCollectionAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /collections/{name}</c>.</summary>
    Task CreateCollectionAsync(string collection, CreateCollectionRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /collections/{name}/index?wait=true</c>: a payload index.</summary>
    Task CreatePayloadIndexAsync(string collection, CreateFieldIndexRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /collections/{name}/points?wait=true</c>.</summary>
    Task UpsertPointsAsync(string collection, UpsertPointsRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /collections/{name}/points/search/groups</c>.</summary>
    Task<GroupsResult> SearchGroupsAsync(string collection, SearchGroupsRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /collections/{name}/points/count</c>.</summary>
    Task<long> CountAsync(string collection, CountRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /collections/{name}/points/delete?wait=true</c>.</summary>
    Task DeletePointsAsync(string collection, DeletePointsRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /collections/{name}/points/scroll</c>.</summary>
    Task<ScrollResult> ScrollAsync(string collection, ScrollRequest request, CancellationToken cancellationToken = default);
}
