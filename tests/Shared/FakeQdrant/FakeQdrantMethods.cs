using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>
/// Binds the fake's handlers to Qdrant's gRPC methods, taken from the service descriptors the client assembly ships
/// (<c>qdrant.Collections</c>, <c>qdrant.Points</c>); a handler whose message types differ from the descriptor's fails
/// at start. Methods not bound here answer <c>Unimplemented</c>, as gRPC does for an unknown method.
/// </summary>
internal sealed class FakeQdrantMethods : IServiceMethodProvider<FakeQdrantService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<FakeQdrantService> context)
    {
        var collections = Collections.Descriptor;
        var points = Points.Descriptor;
        Add<GetCollectionInfoRequest, GetCollectionInfoResponse>(context, collections, "Get", (s, r) => s.Operations.Get(r));
        Add<CollectionExistsRequest, CollectionExistsResponse>(context, collections, "CollectionExists", (s, r) => s.Operations.Exists(r));
        Add<ListCollectionsRequest, ListCollectionsResponse>(context, collections, "List", (s, r) => s.Operations.List(r));
        Add<CreateCollection, CollectionOperationResponse>(context, collections, "Create", (s, r) => s.Operations.Create(r));
        Add<DeleteCollection, CollectionOperationResponse>(context, collections, "Delete", (s, r) => s.Operations.Drop(r));
        Add<CreateFieldIndexCollection, PointsOperationResponse>(context, points, "CreateFieldIndex", (s, r) => s.Operations.CreateFieldIndex(r));
        Add<UpsertPoints, PointsOperationResponse>(context, points, "Upsert", (s, r) => s.Operations.Upsert(r));
        Add<DeletePoints, PointsOperationResponse>(context, points, "Delete", (s, r) => s.Operations.Delete(r));
        Add<SetPayloadPoints, PointsOperationResponse>(context, points, "SetPayload", (s, r) => s.Operations.SetPayload(r));
        Add<CountPoints, CountResponse>(context, points, "Count", (s, r) => s.Operations.Count(r));
        Add<GetPoints, GetResponse>(context, points, "Get", (s, r) => s.Operations.Get(r));
        Add<ScrollPoints, ScrollResponse>(context, points, "Scroll", (s, r) => s.Operations.Scroll(r));
        Add<QueryPointGroups, QueryGroupsResponse>(context, points, "QueryGroups", (s, r) => s.Operations.QueryGroups(r));
    }

    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<FakeQdrantService> context, ServiceDescriptor service, string name, Func<FakeQdrantServer, TRequest, TResponse> handle)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var descriptor = service.FindMethodByName(name)
            ?? throw new InvalidOperationException($"{service.FullName} has no method {name} in this Qdrant.Client.");
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new InvalidOperationException(
                $"{service.FullName}/{name} takes {descriptor.InputType.ClrType?.Name} and returns {descriptor.OutputType.ClrType?.Name}, " +
                $"not {typeof(TRequest).Name} → {typeof(TResponse).Name}.");
        }

        var method = new Method<TRequest, TResponse>(MethodType.Unary, service.FullName, name, MarshallerOf<TRequest>(), MarshallerOf<TResponse>());
        var label = service.Name + "/" + name;
        context.AddUnaryMethod(method, [], (instance, request, call) =>
            instance.Server.HandleAsync(label, request, call, r => handle(instance.Server, r)));
    }

    private static Marshaller<T> MarshallerOf<T>()
        where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
    }
}
