using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Siamese.Protos.V1;
using Siamese.Testing;

namespace Siamese.Match.Tests;

/// <summary>
/// The real match host (Siamese.Match.Host.dll) as a child process on loopback ports, for crash tests. API keys are on
/// (the test keys, a key store in the data folder): <see cref="Client"/> carries a key of tenant <see cref="Tenant"/>.
/// </summary>
internal sealed class ChildMatchHost : IDisposable
{
    public const string Tenant = "crash";

    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private ChildMatchHost(Process process, int grpcPort, int httpPort)
    {
        _process = process;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Admin = new Admin.AdminClient(_channel.Intercept(m => WithKey(m, TestKeys.AdminKey)));
        Client = new Matcher.MatcherClient(_channel);
        HttpPort = httpPort;
    }

    public Matcher.MatcherClient Client { get; private set; }

    public Admin.AdminClient Admin { get; }

    public int HttpPort { get; }

    /// <summary>What the child printed (for failure messages).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; private init; } = new();

    /// <summary>The key of <see cref="Tenant"/> that <see cref="Client"/> carries (for HTTP calls: X-Api-Key).</summary>
    public string TenantKey { get; private set; } = "";

    /// <summary>Starts the host; <paramref name="environment"/> adds settings (<c>Kestrel__Limits__MaxRequestBodySize</c>, say).</summary>
    public static async Task<ChildMatchHost> StartAsync(string dataDirectory, string embedAddress, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = HostDll();
        var (grpcPort, httpPort) = (FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.Environment["Match__EmbedAddress"] = embedAddress;
        info.Environment["Match__Embedded__DataDirectory"] = dataDirectory;
        info.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        info.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Messaging__Transport"] = "InMemory";
        foreach (var (key, value) in TestKeys.Settings(dataDirectory))
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new ChildMatchHost(process, grpcPort, httpPort) { Log = log };
        await host.WaitReadyAsync();
        var tenantKey = await host.KeyAsync();
        host.TenantKey = tenantKey;
        host.Client = new Matcher.MatcherClient(host._channel.Intercept(m => WithKey(m, tenantKey)));
        return host;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _channel.Dispose();
        _process.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The match host exited with code {_process.ExitCode} before it was ready:\n{string.Join('\n', Log.TakeLast(40))}");
            }

            try
            {
                var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The match host did not become ready within 2 minutes.");
    }

    /// <summary>A new key of <see cref="Tenant"/> through the admin API (the tenant is created on the first start).</summary>
    private async Task<string> KeyAsync()
    {
        try
        {
            await Admin.CreateTenantAsync(new CreateTenantRequest { Tenant = Tenant });
        }
        catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.AlreadyExists)
        {
        }

        return (await Admin.CreateKeyAsync(new CreateKeyRequest { Tenant = Tenant })).Key;
    }

    private static global::Grpc.Core.Metadata WithKey(global::Grpc.Core.Metadata metadata, string key)
    {
        metadata.Add("x-api-key", key);
        return metadata;
    }

    private static string HostDll() => Repo.HostDll("match", "Siamese.Match.Host");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
