using System.Text.Json.Nodes;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>A collection of the fake: vector config, payload indexes and points by id.</summary>
internal sealed class FakeCollection(int size, string distance)
{
    public int Size { get; } = size;

    public string Distance { get; } = distance;

    public Dictionary<string, JsonNode?> PayloadIndexes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, FakePoint> Points { get; } = new(StringComparer.Ordinal);
}
