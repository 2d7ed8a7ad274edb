using Grpc.Net.Client;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary>One gRPC channel to the match service for the whole run.</summary>
internal sealed class MatcherConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public MatcherConnection(Uri server)
    {
        Server = server;
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            // Images go up; candidates come back. Image size limits are the service's to enforce, with a clear error.
            MaxSendMessageSize = null,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            ThrowOperationCanceledOnCancellation = true,
        });
        Client = new Matcher.MatcherClient(_channel);
    }

    public Uri Server { get; }

    public Matcher.MatcherClient Client { get; }

    /// <summary>The deadline given to every call, so a hung service fails the file instead of the run hanging.</summary>
    public static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    public void Dispose() => _channel.Dispose();
}
