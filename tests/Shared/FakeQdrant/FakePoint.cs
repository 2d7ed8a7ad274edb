using Qdrant.Client.Grpc;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>A stored point: its id as sent, its vector, its payload and the operation that last wrote it.</summary>
internal sealed record FakePoint(PointId Id, float[] Vector, Dictionary<string, Value> Payload, ulong Version);
