using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>
/// An in-process stand-in for Qdrant's REST API (the subset this project uses), following its documented
/// request and response shapes: the <c>{"result","status","time"}</c> envelope, <c>{"status":{"error"}}</c>
/// errors, 404 for a missing collection, 409 for an existing one, 400 for a wrong vector size or a malformed
/// body, 401/403 for a missing/wrong <c>api-key</c>. Search is exact (brute force), Euclid scores are distances.
/// Faults (a status code or a delay for the next N requests) can be injected to exercise retries and timeouts.
/// </summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> _faults = new();

    private FakeQdrantServer(WebApplication app) => _app = app;

    public Dictionary<string, FakeCollection> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request seen: method, path and query, and the api-key header.</summary>
    public ConcurrentQueue<(string Method, string Target, string? ApiKey)> Requests { get; } = new();

    public string? RequiredApiKey { get; set; }

    public static async Task<FakeQdrantServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeQdrantServer(app);
        server.Map(app);
        await app.StartAsync();
        return server;
    }

    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="status"/> (Qdrant's error envelope).</summary>
    public void FailNext(int count, int status)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(async context =>
            {
                await Error(context, status, "Service internal error: injected fault");
                return true;
            });
        }
    }

    /// <summary>The next <paramref name="count"/> requests are held for <paramref name="delay"/> (or until the client gives up).</summary>
    public void DelayNext(int count, TimeSpan delay)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(async context =>
            {
                // A client that gives up aborts the request; the cancellation propagates like a dropped connection.
                await Task.Delay(delay, context.RequestAborted);
                return false;
            });
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var key = context.Request.Headers["api-key"].FirstOrDefault();
            Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, key));
            if (RequiredApiKey is not null && key is null)
            {
                await Error(context, 401, "Must provide an API key or an Authorization bearer token");
                return;
            }

            if (RequiredApiKey is not null && key != RequiredApiKey)
            {
                await Error(context, 403, "Invalid API key or JWT");
                return;
            }

            if (_faults.TryDequeue(out var fault) && await fault(context))
            {
                return;
            }

            try
            {
                await next(context);
            }
            catch (FakeQdrantError e)
            {
                await Error(context, e.Status, e.Message);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
            {
                await Error(context, 400, $"Format error in JSON body: {e.Message}");
            }
        });

        app.MapGet("/collections/{name}", (string name) => Ok(Describe(Existing(name))));
        app.MapPut("/collections/{name}", async (string name, HttpRequest request) => Ok(Create(name, await Body(request))));
        app.MapPut("/collections/{name}/index", async (string name, HttpRequest request) => Ok(CreateIndex(name, await Body(request))));
        app.MapPut("/collections/{name}/points", async (string name, HttpRequest request) => Ok(Upsert(name, await Body(request))));
        app.MapPost("/collections/{name}/points/search/groups", async (string name, HttpRequest request) => Ok(SearchGroups(name, await Body(request))));
        app.MapPost("/collections/{name}/points/count", async (string name, HttpRequest request) => Ok(Count(name, await Body(request))));
        app.MapPost("/collections/{name}/points/delete", async (string name, HttpRequest request) => Ok(Delete(name, await Body(request))));
        app.MapPost("/collections/{name}/points/scroll", async (string name, HttpRequest request) => Ok(Scroll(name, await Body(request))));
    }

    private FakeCollection Existing(string name)
    {
        lock (_gate)
        {
            return Collections.TryGetValue(name, out var collection)
                ? collection
                : throw new FakeQdrantError(404, $"Not found: Collection `{name}` doesn't exist!");
        }
    }

    private static JsonNode Describe(FakeCollection c) => new JsonObject
    {
        ["status"] = "green",
        ["optimizer_status"] = "ok",
        ["points_count"] = c.Points.Count,
        ["config"] = new JsonObject
        {
            ["params"] = new JsonObject
            {
                ["vectors"] = new JsonObject { ["size"] = c.Size, ["distance"] = c.Distance },
                ["shard_number"] = 1,
            },
            ["hnsw_config"] = new JsonObject { ["m"] = 16, ["ef_construct"] = 100 },
        },
        ["payload_schema"] = new JsonObject(c.PayloadIndexes.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
    };

    private JsonNode Create(string name, JsonObject body)
    {
        var vectors = body["vectors"] as JsonObject ?? throw new FakeQdrantError(400, "Wrong input: missing field `vectors`");
        var size = vectors["size"]?.GetValue<int>() ?? throw new FakeQdrantError(400, "Wrong input: missing field `size`");
        var distance = vectors["distance"]?.GetValue<string>() ?? throw new FakeQdrantError(400, "Wrong input: missing field `distance`");
        if (size <= 0 || distance is not ("Cosine" or "Euclid" or "Dot" or "Manhattan"))
        {
            throw new FakeQdrantError(400, $"Wrong input: bad vector params size={size} distance={distance}");
        }

        lock (_gate)
        {
            if (Collections.ContainsKey(name))
            {
                throw new FakeQdrantError(409, $"Wrong input: Collection `{name}` already exists!");
            }

            Collections[name] = new FakeCollection(size, distance);
        }

        return true;
    }

    private JsonNode CreateIndex(string name, JsonObject body)
    {
        var collection = Existing(name);
        var field = body["field_name"]?.GetValue<string>() ?? throw new FakeQdrantError(400, "Wrong input: missing field `field_name`");
        lock (_gate)
        {
            collection.PayloadIndexes[field] = body["field_schema"]?.DeepClone();
        }

        return Completed();
    }

    private JsonNode Upsert(string name, JsonObject body)
    {
        var collection = Existing(name);
        var points = body["points"] as JsonArray ?? throw new FakeQdrantError(400, "Wrong input: missing field `points`");
        var parsed = points.Select(p =>
        {
            var id = PointId(p!["id"]);
            var vector = (p["vector"] as JsonArray ?? throw new FakeQdrantError(400, "Wrong input: missing field `vector`"))
                .Select(v => v!.GetValue<float>()).ToArray();
            if (vector.Length != collection.Size)
            {
                throw new FakeQdrantError(400, $"Wrong input: Vector dimension error: expected dim: {collection.Size}, got {vector.Length}");
            }

            return new FakePoint(id, vector, (p["payload"] as JsonObject)?.DeepClone().AsObject() ?? []);
        }).ToList();
        lock (_gate)
        {
            foreach (var point in parsed)
            {
                collection.Points[point.Id] = point;
            }
        }

        return Completed();
    }

    private JsonNode SearchGroups(string name, JsonObject body)
    {
        var collection = Existing(name);
        var vector = (body["vector"] as JsonArray ?? throw new FakeQdrantError(400, "Wrong input: missing field `vector`"))
            .Select(v => v!.GetValue<float>()).ToArray();
        if (vector.Length != collection.Size)
        {
            throw new FakeQdrantError(400, $"Wrong input: Vector dimension error: expected dim: {collection.Size}, got {vector.Length}");
        }

        var groupBy = body["group_by"]?.GetValue<string>() ?? throw new FakeQdrantError(400, "Wrong input: missing field `group_by`");
        var groupSize = body["group_size"]?.GetValue<int>() ?? 3;
        var limit = body["limit"]?.GetValue<int>() ?? throw new FakeQdrantError(400, "Wrong input: missing field `limit`");
        var threshold = body["score_threshold"]?.GetValue<float>();
        var withPayload = body["with_payload"];
        List<(FakePoint Point, float Score)> scored;
        lock (_gate)
        {
            scored = Matching(collection, body["filter"])
                .Select(p => (Point: p, Score: EuclidDistance(vector, p.Vector)))
                .Where(s => threshold is not { } t || s.Score <= t)
                .ToList();
        }

        var groups = scored
            .Where(s => s.Point.Payload[groupBy] is JsonValue)
            .GroupBy(s => s.Point.Payload[groupBy]!.ToJsonString(), StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.Score).Take(groupSize).ToList())
            .OrderBy(g => g[0].Score)
            .Take(limit)
            .Select(g => (JsonNode)new JsonObject
            {
                ["id"] = g[0].Point.Payload[groupBy]!.DeepClone(),
                ["hits"] = new JsonArray(g.Select(s => (JsonNode)new JsonObject
                {
                    ["id"] = s.Point.Id,
                    ["version"] = 1,
                    ["score"] = s.Score,
                    ["payload"] = Select(s.Point.Payload, withPayload),
                }).ToArray()),
            })
            .ToArray();
        return new JsonObject { ["groups"] = new JsonArray(groups) };
    }

    private JsonNode Count(string name, JsonObject body)
    {
        var collection = Existing(name);
        lock (_gate)
        {
            return new JsonObject { ["count"] = Matching(collection, body["filter"]).Count() };
        }
    }

    private JsonNode Delete(string name, JsonObject body)
    {
        var collection = Existing(name);
        lock (_gate)
        {
            var doomed = body["points"] is JsonArray ids
                ? ids.Select(PointId).ToList()
                : body["filter"] is JsonObject
                    ? Matching(collection, body["filter"]).Select(p => p.Id).ToList()
                    : throw new FakeQdrantError(400, "Wrong input: expected `points` or `filter`");
            foreach (var id in doomed)
            {
                collection.Points.Remove(id);
            }
        }

        return Completed();
    }

    private JsonNode Scroll(string name, JsonObject body)
    {
        var collection = Existing(name);
        var limit = body["limit"]?.GetValue<int>() ?? 10;
        var offset = body["offset"] is { } o ? PointId(o) : null;
        lock (_gate)
        {
            var page = Matching(collection, body["filter"])
                .Where(p => offset is null || string.CompareOrdinal(p.Id, offset) >= 0)
                .Take(limit + 1)
                .ToList();
            return new JsonObject
            {
                ["points"] = new JsonArray(page.Take(limit).Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.Id,
                    ["payload"] = Select(p.Payload, body["with_payload"]),
                }).ToArray()),
                ["next_page_offset"] = page.Count > limit ? page[^1].Id : null,
            };
        }
    }

    // Qdrant's filter: every "must" condition {key, match: {value}} holds (the subset this project sends).
    private static IEnumerable<FakePoint> Matching(FakeCollection collection, JsonNode? filter)
    {
        var must = (filter?["must"] as JsonArray)?.Select(c =>
        (
            Key: c!["key"]?.GetValue<string>() ?? throw new FakeQdrantError(400, "Wrong input: condition without `key`"),
            Value: c["match"]?["value"]?.ToJsonString() ?? throw new FakeQdrantError(400, "Wrong input: condition without `match.value`")
        )).ToList() ?? [];
        return collection.Points.Values.Where(p => must.All(c => p.Payload[c.Key]?.ToJsonString() == c.Value));
    }

    private static JsonNode? Select(JsonObject payload, JsonNode? withPayload) => withPayload switch
    {
        JsonValue v when v.GetValue<bool>() => payload.DeepClone(),
        JsonArray keys => new JsonObject(keys.Select(k => k!.GetValue<string>())
            .Where(payload.ContainsKey)
            .Select(k => KeyValuePair.Create(k, payload[k]?.DeepClone()))),
        _ => null,
    };

    private static string PointId(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var g) => g.ToString("D"),
        JsonValue v when v.TryGetValue<ulong>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        _ => throw new FakeQdrantError(400, $"Wrong input: Unable to parse point id {node?.ToJsonString()}: an unsigned integer or a UUID is expected"),
    };

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

    private static JsonNode Completed() => new JsonObject { ["operation_id"] = 1, ["status"] = "completed" };

    private static async Task<JsonObject> Body(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? throw new FakeQdrantError(400, "Empty request body");

    private static IResult Ok(JsonNode? result) =>
        Results.Json(new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = 0.0001 });

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["status"] = new JsonObject { ["error"] = message }, ["time"] = 0.0 });
    }
}
