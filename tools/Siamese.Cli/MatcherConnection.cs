using System.Net.Sockets;
using System.Text;
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

    /// <summary>
    /// Whether the server answers a plain HTTP/1.1 request as an HTTP/1.x server: the REST and web page port,
    /// not the gRPC one. Asked only after a call failed as unavailable, since the transport's own error does not always
    /// say so (a connection the server closed reads as "the response ended prematurely"). Plain http:// only; two
    /// seconds at most.
    /// </summary>
    public bool AnswersHttp1()
    {
        if (Server.Scheme != Uri.UriSchemeHttp)
        {
            return false;
        }

        try
        {
            using var tcp = new TcpClient { ReceiveTimeout = 2000, SendTimeout = 2000 };
            if (!tcp.ConnectAsync(Server.Host, Server.Port).Wait(TimeSpan.FromSeconds(2)))
            {
                return false;
            }

            using var stream = tcp.GetStream();
            stream.Write(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {Server.Authority}\r\nConnection: close\r\n\r\n"));
            var buffer = new byte[512];
            var read = 0;
            while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is > 0 and var count)
            {
                read += count;
            }

            // Kestrel's HTTP/2-only endpoints (the gRPC port) answer an HTTP/1.x request too, with a 400 that says so.
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("HTTP/1.", StringComparison.Ordinal) && !answer.Contains("HTTP/2 only", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AggregateException)
        {
            return false;
        }
    }

    public void Dispose() => _channel.Dispose();
}
