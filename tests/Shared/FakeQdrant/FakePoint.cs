using System.Text.Json.Nodes;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>A stored point: id (as Qdrant echoes it), vector, payload.</summary>
internal sealed record FakePoint(string Id, float[] Vector, JsonObject Payload);
