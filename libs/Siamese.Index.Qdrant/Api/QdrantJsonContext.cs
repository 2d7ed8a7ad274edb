using System.Text.Json;
using System.Text.Json.Serialization;

namespace Siamese.Index.Qdrant.Api;

/// <summary>Source-generated (reflection-free) JSON for every request and response this client exchanges.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateCollectionRequest))]
[JsonSerializable(typeof(CreateFieldIndexRequest))]
[JsonSerializable(typeof(UpsertPointsRequest))]
[JsonSerializable(typeof(SearchGroupsRequest))]
[JsonSerializable(typeof(CountRequest))]
[JsonSerializable(typeof(DeletePointsRequest))]
[JsonSerializable(typeof(ScrollRequest))]
[JsonSerializable(typeof(QdrantResponse<CollectionInfo>))]
[JsonSerializable(typeof(QdrantResponse<bool>))]
[JsonSerializable(typeof(QdrantResponse<UpdateResult>))]
[JsonSerializable(typeof(QdrantResponse<GroupsResult>))]
[JsonSerializable(typeof(QdrantResponse<CountResult>))]
[JsonSerializable(typeof(QdrantResponse<ScrollResult>))]
[JsonSerializable(typeof(QdrantResponse<JsonElement>))]
public sealed partial class QdrantJsonContext : JsonSerializerContext;
