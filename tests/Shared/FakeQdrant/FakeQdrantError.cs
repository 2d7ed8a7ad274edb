namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>Thrown inside the fake to answer with Qdrant's error envelope and a status code.</summary>
internal sealed class FakeQdrantError(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
