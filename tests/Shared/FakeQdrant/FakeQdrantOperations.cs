using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>
/// What the fake does with each call, modelled on Qdrant's documented behaviour and error texts. The server's
/// gate serialises calls, so no locking here.
/// </summary>
internal sealed class FakeQdrantOperations(Dictionary<string, FakeCollection> collections)
{
    private ulong _operation;

    public GetCollectionInfoResponse Get(GetCollectionInfoRequest request)
    {
        var collection = Existing(request.CollectionName);
        var info = new CollectionInfo
        {
            Status = CollectionStatus.Green,
            OptimizerStatus = new OptimizerStatus { Ok = true },
            PointsCount = (ulong)collection.Points.Count,
            SegmentsCount = 1,
            Config = new CollectionConfig
            {
                Params = new CollectionParams { ShardNumber = 1, VectorsConfig = new VectorsConfig { Params = collection.Vectors.Clone() } },
                HnswConfig = new HnswConfigDiff { M = 16, EfConstruct = 100 },
                OptimizerConfig = new OptimizersConfigDiff(),
                WalConfig = new WalConfigDiff(),
            },
        };
        foreach (var (field, schema) in collection.PayloadIndexes)
        {
            info.PayloadSchema[field] = schema.Clone();
        }

        return new GetCollectionInfoResponse { Result = info };
    }

    public ListCollectionsResponse List(ListCollectionsRequest request)
    {
        var response = new ListCollectionsResponse();
        response.Collections.AddRange(collections.Keys.Select(name => new CollectionDescription { Name = name }));
        return response;
    }

    public CollectionExistsResponse Exists(CollectionExistsRequest request) =>
        new() { Result = new CollectionExists { Exists = collections.ContainsKey(request.CollectionName) } };

    public CollectionOperationResponse Create(CreateCollection request)
    {
        CheckName(request.CollectionName);
        if (request.VectorsConfig?.ConfigCase != VectorsConfig.ConfigOneofCase.Params)
        {
            throw Invalid(request.VectorsConfig is null
                ? "Wrong input: vectors config is required (the fake models one unnamed dense vector)"
                : "Wrong input: named vectors are not modelled by the fake");
        }

        var vectors = request.VectorsConfig.Params;
        if (vectors.Size is < 1 or > 65536)
        {
            throw Invalid($"Validation error in body: [vectors_config.size: value {vectors.Size} invalid, must be from 1 to 65536]");
        }

        if (vectors.Distance == Distance.UnknownDistance || !Enum.IsDefined(vectors.Distance))
        {
            throw Invalid("Wrong input: Unknown distance");
        }

        if (collections.ContainsKey(request.CollectionName))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Wrong input: Collection `{request.CollectionName}` already exists!"));
        }

        collections[request.CollectionName] = new FakeCollection(vectors.Clone());
        return new CollectionOperationResponse { Result = true };
    }

    public CollectionOperationResponse Drop(DeleteCollection request) =>
        new() { Result = collections.Remove(request.CollectionName) };

    public PointsOperationResponse CreateFieldIndex(CreateFieldIndexCollection request)
    {
        var collection = Existing(request.CollectionName);
        if (string.IsNullOrEmpty(request.FieldName))
        {
            throw Invalid("Validation error in body: [field_name: must not be empty]");
        }

        if (!request.HasFieldType && request.FieldIndexParams is null)
        {
            throw Invalid("Wrong input: field_type or field_index_params is required");
        }

        // FieldType (Keyword = 0, ...) and PayloadSchemaType (Keyword = 1, ...) name alike kinds alike but number them differently.
        var type = request.HasFieldType ? Enum.Parse<PayloadSchemaType>(request.FieldType.ToString()) : SchemaOf(request.FieldIndexParams!);
        if (request.FieldIndexParams is { } parameters && SchemaOf(parameters) != type)
        {
            throw Invalid($"Wrong input: index params of kind {parameters.IndexParamsCase} do not fit a {request.FieldType} index");
        }

        collection.PayloadIndexes[request.FieldName] = new PayloadSchemaInfo { DataType = type, Params = request.FieldIndexParams?.Clone() };
        return Completed();
    }

    public PointsOperationResponse Upsert(UpsertPoints request)
    {
        var collection = Existing(request.CollectionName);
        var version = ++_operation;
        var parsed = request.Points.Select(point =>
        {
            var vector = point.Vectors?.VectorsOptionsCase == Vectors.VectorsOptionsOneofCase.Vector
                ? DenseOf(point.Vectors.Vector)
                : throw Invalid("Wrong input: Not existing vector name error: the fake models one unnamed dense vector");
            CheckDimension(collection, vector.Length);
            return new FakePoint(CheckId(point.Id), vector, new Dictionary<string, Value>(point.Payload, StringComparer.Ordinal), version);
        }).ToList();
        foreach (var point in parsed)
        {
            collection.Points[Key(point.Id)] = point;
        }

        return Completed();
    }

    public PointsOperationResponse Delete(DeletePoints request)
    {
        var collection = Existing(request.CollectionName);
        var doomed = request.Points?.PointsSelectorOneOfCase switch
        {
            PointsSelector.PointsSelectorOneOfOneofCase.Points => request.Points.Points.Ids.Select(CheckId).Select(Key).ToList(),
            PointsSelector.PointsSelectorOneOfOneofCase.Filter => FakeFilters.Matching(collection, request.Points.Filter).Select(p => Key(p.Id)).ToList(),
            _ => throw Invalid("Wrong input: points selector is required"),
        };
        foreach (var key in doomed)
        {
            collection.Points.Remove(key);
        }

        ++_operation;
        return Completed();
    }

    // Qdrant merges the given keys into each selected point's payload (other keys stay); the vector is untouched.
    public PointsOperationResponse SetPayload(SetPayloadPoints request)
    {
        var collection = Existing(request.CollectionName);
        if (request.HasKey)
        {
            throw Invalid("Wrong input: the fake does not model nested payload keys");
        }

        var selected = request.PointsSelector?.PointsSelectorOneOfCase switch
        {
            PointsSelector.PointsSelectorOneOfOneofCase.Points => request.PointsSelector.Points.Ids.Select(CheckId).Select(Key)
                .Where(collection.Points.ContainsKey).ToList(),
            PointsSelector.PointsSelectorOneOfOneofCase.Filter => FakeFilters.Matching(collection, request.PointsSelector.Filter).Select(p => Key(p.Id)).ToList(),
            _ => throw Invalid("Wrong input: points selector is required"),
        };
        var version = ++_operation;
        foreach (var key in selected)
        {
            var point = collection.Points[key];
            var payload = new Dictionary<string, Value>(point.Payload, StringComparer.Ordinal);
            foreach (var (field, value) in request.Payload)
            {
                payload[field] = value.Clone();
            }

            collection.Points[key] = point with { Payload = payload, Version = version };
        }

        return Completed();
    }

    public CountResponse Count(CountPoints request)
    {
        var collection = Existing(request.CollectionName);
        return new CountResponse { Result = new CountResult { Count = (ulong)FakeFilters.Matching(collection, request.Filter).Count() } };
    }

    // Qdrant answers the points that exist, in the order asked, and leaves unknown ids out (no error).
    public GetResponse Get(GetPoints request)
    {
        var collection = Existing(request.CollectionName);
        var response = new GetResponse();
        foreach (var id in request.Ids.Select(CheckId))
        {
            if (collection.Points.TryGetValue(Key(id), out var point))
            {
                var retrieved = new RetrievedPoint { Id = point.Id.Clone() };
                retrieved.Payload.Add(FakeFilters.Select(point.Payload, request.WithPayload));
                response.Result.Add(retrieved);
            }
        }

        return response;
    }

    public ScrollResponse Scroll(ScrollPoints request)
    {
        var collection = Existing(request.CollectionName);
        if (request.OrderBy is not null)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "the fake Qdrant does not model order_by"));
        }

        var limit = request.HasLimit ? (int)request.Limit : 10;
        if (limit < 1)
        {
            throw Invalid($"Validation error in body: [limit: value {limit} invalid, must be 1 or larger]");
        }

        var offset = request.Offset is { } o ? Key(CheckId(o)) : null;
        var page = FakeFilters.Matching(collection, request.Filter)
            .Where(p => offset is null || string.CompareOrdinal(Key(p.Id), offset) >= 0)
            .Take(limit + 1)
            .ToList();
        var response = new ScrollResponse { NextPageOffset = page.Count > limit ? page[^1].Id.Clone() : null };
        foreach (var point in page.Take(limit))
        {
            var retrieved = new RetrievedPoint { Id = point.Id.Clone() };
            retrieved.Payload.Add(FakeFilters.Select(point.Payload, request.WithPayload));
            response.Result.Add(retrieved);
        }

        return response;
    }

    public QueryGroupsResponse QueryGroups(QueryPointGroups request)
    {
        var collection = Existing(request.CollectionName);
        if (request.Prefetch.Count > 0 || request.HasUsing || request.Query?.VariantCase != Query.VariantOneofCase.Nearest
            || request.Query.Nearest.VariantCase is not (VectorInput.VariantOneofCase.Dense or VectorInput.VariantOneofCase.None) || request.WithLookup is not null)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "the fake Qdrant models only a plain nearest query on the unnamed dense vector"));
        }

        if (string.IsNullOrEmpty(request.GroupBy))
        {
            throw Invalid("Validation error in body: [group_by: must not be empty]");
        }

        var limit = request.HasLimit ? request.Limit : 10;
        var groupSize = request.HasGroupSize ? request.GroupSize : 3;
        if (limit < 1 || groupSize < 1)
        {
            throw Invalid("Validation error in body: [limit and group_size must be 1 or larger]");
        }

        var query = request.Query.Nearest.Dense?.Data.ToArray() ?? [];
        CheckDimension(collection, query.Length);
        var groups = FakeFilters.Matching(collection, request.Filter)
            .Select(p => (Point: p, Score: EuclidDistance(query, p.Vector)))
            .Where(s => !request.HasScoreThreshold || s.Score <= request.ScoreThreshold)
            .Where(s => GroupOf(s.Point, request.GroupBy) is not null)
            .GroupBy(s => GroupOf(s.Point, request.GroupBy)!.ToString(), StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.Score).Take((int)groupSize).ToList())
            .OrderBy(g => g[0].Score)
            .Take((int)limit);
        var result = new GroupsResult();
        foreach (var members in groups)
        {
            var group = new PointGroup { Id = GroupOf(members[0].Point, request.GroupBy) };
            foreach (var (point, score) in members)
            {
                var hit = new ScoredPoint { Id = point.Id.Clone(), Score = score, Version = point.Version };
                hit.Payload.Add(FakeFilters.Select(point.Payload, request.WithPayload));
                group.Hits.Add(hit);
            }

            result.Groups.Add(group);
        }

        return new QueryGroupsResponse { Result = result };
    }

    private FakeCollection Existing(string name)
    {
        CheckName(name);
        return collections.TryGetValue(name, out var collection)
            ? collection
            : throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));
    }

    private PointsOperationResponse Completed() =>
        new() { Result = new UpdateResult { OperationId = _operation, Status = UpdateStatus.Completed } };

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || name.IndexOfAny(['/', '\\', '*', '?', '<', '>', '|', ':', '"', '\0']) >= 0)
        {
            throw Invalid($"Validation error in body: [collection_name: \"{name}\" is not a valid collection name]");
        }
    }

    private static void CheckDimension(FakeCollection collection, int length)
    {
        if (length != collection.Size)
        {
            throw Invalid($"Wrong input: Vector dimension error: expected dim: {collection.Size}, got {length}");
        }
    }

    private static PointId CheckId(PointId? id) => id?.PointIdOptionsCase switch
    {
        PointId.PointIdOptionsOneofCase.Num => id,
        PointId.PointIdOptionsOneofCase.Uuid when Guid.TryParse(id.Uuid, out _) => id,
        _ => throw Invalid($"Wrong input: Unable to parse point id {id}: an unsigned integer or a UUID is expected"),
    };

    private static string Key(PointId id) => id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Num
        ? id.Num.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)
        : Guid.Parse(id.Uuid).ToString("D");

    private static float[] DenseOf(Vector vector) => vector.VectorCase switch
    {
        Vector.VectorOneofCase.Dense => [.. vector.Dense.Data],
#pragma warning disable CS0612 // the client still sends the deprecated `data` field for a dense vector
        Vector.VectorOneofCase.None when vector.Indices is null => [.. vector.Data],
#pragma warning restore CS0612
        _ => throw Invalid($"Wrong input: the fake models dense vectors only, not {vector.VectorCase}"),
    };

    private static PayloadSchemaType SchemaOf(PayloadIndexParams parameters) => parameters.IndexParamsCase switch
    {
        PayloadIndexParams.IndexParamsOneofCase.KeywordIndexParams => PayloadSchemaType.Keyword,
        PayloadIndexParams.IndexParamsOneofCase.IntegerIndexParams => PayloadSchemaType.Integer,
        PayloadIndexParams.IndexParamsOneofCase.FloatIndexParams => PayloadSchemaType.Float,
        PayloadIndexParams.IndexParamsOneofCase.BoolIndexParams => PayloadSchemaType.Bool,
        PayloadIndexParams.IndexParamsOneofCase.TextIndexParams => PayloadSchemaType.Text,
        PayloadIndexParams.IndexParamsOneofCase.UuidIndexParams => PayloadSchemaType.Uuid,
        PayloadIndexParams.IndexParamsOneofCase.DatetimeIndexParams => PayloadSchemaType.Datetime,
        PayloadIndexParams.IndexParamsOneofCase.GeoIndexParams => PayloadSchemaType.Geo,
        _ => PayloadSchemaType.UnknownType,
    };

    private static GroupId? GroupOf(FakePoint point, string field) =>
        point.Payload.TryGetValue(field, out var value) ? value.KindCase switch
        {
            Value.KindOneofCase.StringValue => new GroupId { StringValue = value.StringValue },
            Value.KindOneofCase.IntegerValue => new GroupId { IntegerValue = value.IntegerValue },
            _ => null,
        } : null;

    private static float EuclidDistance(float[] a, float[] b)
    {
        var sum = 0d;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return (float)Math.Sqrt(sum);
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
