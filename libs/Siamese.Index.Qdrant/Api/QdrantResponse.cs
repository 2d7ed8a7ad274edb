using System.Text.Json;

namespace Siamese.Index.Qdrant.Api;

/// <summary>Qdrant's response envelope: <c>{"result": …, "status": "ok" | {"error": "…"}, "time": seconds}</c>.</summary>
public sealed record QdrantResponse<T>(T? Result, JsonElement Status, double Time);
