namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>The service instance ASP.NET Core gRPC hands to each call; <see cref="FakeQdrantMethods"/> binds its methods.</summary>
internal sealed class FakeQdrantService
{
    public FakeQdrantServer Server { get; set; } = null!;
}
