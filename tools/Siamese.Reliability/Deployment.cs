using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using Siamese.Testing;
using Siamese.Protos.V1;

namespace Siamese.Reliability;

/// <summary>
/// The standalone host as a process of its own (every entry point in one: match gRPC and REST, ingest, embed, detect,
/// admin), with API keys on: a generated admin key and service key, a key store in the run's folder.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    private Deployment(ServiceProcess process, int grpcPort, int httpPort, string adminKey, string serviceKey, string dataDirectory)
    {
        Process = process;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        AdminKey = adminKey;
        ServiceKey = serviceKey;
        DataDirectory = dataDirectory;
        Channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { MaxSendMessageSize = null, MaxReceiveMessageSize = 64 * 1024 * 1024 });
        Http = new HttpClient { BaseAddress = HttpAddress, Timeout = Timeout.InfiniteTimeSpan };
        Admin = new Admin.AdminClient(Channel);
    }

    public ServiceProcess Process { get; }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public string AdminKey { get; }

    public string ServiceKey { get; }

    /// <summary>The index's folder (the embedded index's data directory).</summary>
    public string DataDirectory { get; }

    /// <summary>A channel without credentials: each call passes its key (<see cref="Auth"/>).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>An HTTP client without credentials (no timeout: callers bound their calls).</summary>
    public HttpClient Http { get; }

    public Admin.AdminClient Admin { get; }

    /// <summary>A new random secret, as an operator would make one (openssl rand -base64 32).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Starts <c>Siamese.Standalone serve</c> in <paramref name="work"/> with <paramref name="modelPath"/> and waits until it is
    /// ready. <paramref name="environment"/> adds or overrides settings.
    /// </summary>
    public static async Task<Deployment> StartAsync(string work, string modelPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(work);
        var (grpc, http) = (ServiceProcess.FreePort(), ServiceProcess.FreePort());
        var (admin, service) = (NewSecret(), NewSecret());
        var data = Path.Combine(work, "index");
        var env = new Dictionary<string, string>
        {
            ["Models__Embedding"] = modelPath,
            ["Match__Embedded__DataDirectory"] = data,
            ["Security__KeyStorePath"] = Path.Combine(work, "keys", "keys.json"),
            ["Security__AdminKey"] = admin,
            ["Security__ServiceKey"] = service,
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpc}",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{http}",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var process = ServiceProcess.Start("Siamese.Standalone", "standalone", http, env);
        try
        {
            await process.WaitReadyAsync(TimeSpan.FromMinutes(3));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new Deployment(process, grpc, http, admin, service, data);
    }

    public static Metadata Auth(string? key) => key is null ? [] : new Metadata { { "x-api-key", key } };

    /// <summary>Creates <paramref name="tenant"/> (when new) and a key of it through the admin API.</summary>
    public Task<string> CreateTenantKeyAsync(string tenant) => CreateTenantKeyAsync(Admin, AdminKey, tenant);

    /// <summary>Creates <paramref name="tenant"/> (when new) and a key of it through <paramref name="admin"/>.</summary>
    public static async Task<string> CreateTenantKeyAsync(Admin.AdminClient admin, string adminKey, string tenant)
    {
        ArgumentNullException.ThrowIfNull(admin);
        try
        {
            await admin.CreateTenantAsync(new CreateTenantRequest { Tenant = tenant }, Auth(adminKey));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
        }

        return (await admin.CreateKeyAsync(new CreateKeyRequest { Tenant = tenant, Name = "reliability" }, Auth(adminKey))).Key;
    }

    /// <summary>The host's resident memory now, in MiB.</summary>
    public double ResidentMb => ProcessMemory.ResidentMb(Process.Pid);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
