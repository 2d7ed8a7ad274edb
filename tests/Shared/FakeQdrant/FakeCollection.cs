using Qdrant.Client.Grpc;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>A collection of the fake: its vector parameters, payload indexes and points by id.</summary>
internal sealed class FakeCollection(VectorParams vectors)
{
    public VectorParams Vectors { get; } = vectors;

    public int Size => (int)Vectors.Size;

    /// <summary>Payload indexes by field, as created (type and parameters such as <c>is_tenant</c>).</summary>
    public Dictionary<string, PayloadSchemaInfo> PayloadIndexes { get; } = new(StringComparer.Ordinal);

    /// <summary>Points by id, in Qdrant's scroll order (ids compared as text here).</summary>
    public SortedDictionary<string, FakePoint> Points { get; } = new(StringComparer.Ordinal);
}
