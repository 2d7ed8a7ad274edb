using Grpc.Net.Client;
using Siamese.Testing;
using Siamese.Protos.V1;

namespace Siamese.Reliability;

/// <summary>
/// The match host alone (embedder in-process, embedded index, in-memory bus) as a process of its own, on a given index
/// folder and key store: what kill -9 and a second writer are tried against.
/// </summary>
public sealed class MatchProcess : IAsyncDisposable
{
    private MatchProcess(ServiceProcess process, int grpcPort)
    {
        Process = process;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new Matcher.MatcherClient(Channel);
        Admin = new Admin.AdminClient(Channel);
    }

    public ServiceProcess Process { get; }

    public GrpcChannel Channel { get; }

    public Matcher.MatcherClient Client { get; }

    public Admin.AdminClient Admin { get; }

    /// <summary>Starts the host; with <paramref name="waitReady"/> returns once /health/ready answers 200.</summary>
    public static async Task<MatchProcess> StartAsync(string modelPath, string dataDirectory, string keyStore, string adminKey, bool waitReady = true)
    {
        var (grpc, http) = (ServiceProcess.FreePort(), ServiceProcess.FreePort());
        var process = ServiceProcess.Start("Siamese.Match.Host", "match", http, new Dictionary<string, string>
        {
            ["Models__Embedding"] = modelPath,
            ["Match__EmbedAddress"] = "",
            ["Match__Embedded__DataDirectory"] = dataDirectory,
            ["Messaging__Transport"] = "InMemory",
            ["Security__KeyStorePath"] = keyStore,
            ["Security__AdminKey"] = adminKey,
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpc}",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{http}",
        });
        if (waitReady)
        {
            try
            {
                await process.WaitReadyAsync(TimeSpan.FromMinutes(3));
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }

        return new MatchProcess(process, grpc);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Process.DisposeAsync();
    }
}
