using System.Text.Json;

namespace Siamese.Index.Qdrant.Api;

/// <summary>One group of a grouped search: the group key (a string or a number) and its best hits.</summary>
public sealed record PointGroup(JsonElement Id, IReadOnlyList<ScoredPoint> Hits);
