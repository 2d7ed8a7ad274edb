using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary>One gRPC channel to the match service for the whole run; every call carries the API key.</summary>
internal sealed class MatcherConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public MatcherConnection(Uri server, string? apiKey)
    {
        Server = server;
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            // Images go up; candidates come back. Image size limits are the service's to enforce, with a clear error.
            MaxSendMessageSize = null,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            ThrowOperationCanceledOnCancellation = true,
        });
        var invoker = apiKey is null
            ? _channel.CreateCallInvoker()
            : _channel.Intercept(metadata =>
            {
                metadata.Add(ApiKeyHeader, apiKey);
                return metadata;
            });
        Client = new Matcher.MatcherClient(invoker);
        Admin = new Admin.AdminClient(invoker);
    }

    /// <summary>The metadata key the services read the API key from.</summary>
    public const string ApiKeyHeader = "x-api-key";

    public Uri Server { get; }

    public Matcher.MatcherClient Client { get; }

    /// <summary>Tenants and keys (needs the admin key).</summary>
    public Admin.AdminClient Admin { get; }

    /// <summary>The deadline given to every call, so a hung service fails the file instead of the run hanging.</summary>
    public static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    public void Dispose() => _channel.Dispose();
}
