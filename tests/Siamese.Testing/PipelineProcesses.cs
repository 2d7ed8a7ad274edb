using System.Net.Http.Json;

namespace Siamese.Testing;

/// <summary>
/// The distributed pipeline: ingest, detect, embed and match as four processes from their build output, on loopback
/// ports, talking over RabbitMQ (match reaches embed over gRPC). Started when every host reports ready.
/// </summary>
public sealed class PipelineProcesses : IAsyncDisposable
{
    private readonly List<ServiceProcess> _services;

    private PipelineProcesses(List<ServiceProcess> services, int ingestHttp, int matchHttp, int matchGrpc)
    {
        _services = services;
        Ingest = new Uri($"http://127.0.0.1:{ingestHttp}");
        MatchHttp = new Uri($"http://127.0.0.1:{matchHttp}");
        MatchGrpc = new Uri($"http://127.0.0.1:{matchGrpc}");
    }

    /// <summary>Ingest's HTTP address (POST frames, GET results).</summary>
    public Uri Ingest { get; }

    /// <summary>Match's HTTP address (REST: enrol, identify).</summary>
    public Uri MatchHttp { get; }

    /// <summary>Match's gRPC address (enrol, identify).</summary>
    public Uri MatchGrpc { get; }

    /// <summary>The recent output of every host, for failure messages.</summary>
    public string Logs => string.Join(Environment.NewLine, _services.Select(s => $"--- {s.Name}{Environment.NewLine}{s.Output}"));

    /// <summary>Starts the four hosts and waits until each reports ready; on failure stops those started and throws.</summary>
    public static async Task<PipelineProcesses> StartAsync(PipelineProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (ingestHttp, detectHttp, detectGrpc, embedHttp, embedGrpc, matchHttp, matchGrpc) =
            (ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort(),
             ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort());
        Dictionary<string, string> Env(int http, int? grpc, params IEnumerable<KeyValuePair<string, string>> more)
        {
            var env = new Dictionary<string, string>
            {
                ["Messaging__Transport"] = "RabbitMq",
                ["Messaging__RabbitMqUri"] = options.RabbitMq.ToString(),
                ["Messaging__RetryMinInterval"] = "00:00:00.100",
                ["Messaging__RetryMaxInterval"] = "00:00:01",
                ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{http}",

                // API keys as a deployment has them: one key store all four hosts read, the service key match calls
                // embed with; match (which serves the admin API) also gets the admin key.
                ["Security__KeyStorePath"] = Path.Combine(options.IndexDirectory + "-keys", "keys.json"),
                ["Security__ServiceKey"] = TestKeys.ServiceKey,
            };
            if (grpc is { } g)
            {
                env["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{g}";
            }

            foreach (var (k, v) in options.CommonEnvironment)
            {
                env[k] = v;
            }

            foreach (var (k, v) in more)
            {
                env[k] = v;
            }

            return env;
        }

        // One Models section for every host, as a deployment sets it.
        var models = new Dictionary<string, string> { ["Models__Embedding"] = options.ModelPath };
        if (options.YuNetModelPath is { } yuNet)
        {
            models["Models__YuNet"] = yuNet;
        }

        if (options.UltraFaceModelPath is { } ultraFace)
        {
            models["Models__UltraFace"] = ultraFace;
        }

        var services = new List<ServiceProcess>();
        var pipeline = new PipelineProcesses(services, ingestHttp, matchHttp, matchGrpc);
        try
        {
            services.Add(ServiceProcess.Start("Siamese.Embed.Host", "embed", embedHttp, Env(embedHttp, embedGrpc, models)));
            services.Add(ServiceProcess.Start("Siamese.Match.Host", "match", matchHttp, Env(matchHttp, matchGrpc,
                [Pair("Match__EmbedAddress", $"http://127.0.0.1:{embedGrpc}"), Pair("Match__Embedded__DataDirectory", options.IndexDirectory),
                 Pair("Security__AdminKey", TestKeys.AdminKey),
                 .. models, .. options.MatchEnvironment])));
            services.Add(ServiceProcess.Start("Siamese.Detect.Host", "detect", detectHttp, Env(detectHttp, detectGrpc, [.. models, .. options.DetectEnvironment])));
            services.Add(ServiceProcess.Start("Siamese.Ingest.Host", "ingest", ingestHttp, Env(ingestHttp, null)));
            foreach (var service in services)
            {
                await service.WaitReadyAsync(options.ReadyTimeout);
            }
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }

        return pipeline;
    }

    /// <summary>Creates <paramref name="tenant"/> (when new) and a key of it through match's admin API (the admin key of the test keys).</summary>
    public async Task<string> CreateTenantKeyAsync(string tenant, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = MatchHttp, Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.AdminKey);
        using (var created = await http.PostAsJsonAsync("/v1/admin/tenants", new { tenant }, cancellationToken))
        {
            if (!created.IsSuccessStatusCode && created.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                throw new InvalidOperationException($"Creating tenant {tenant} failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        using var key = await http.PostAsJsonAsync($"/v1/admin/tenants/{Uri.EscapeDataString(tenant)}/keys", new { name = "pipeline" }, cancellationToken);
        key.EnsureSuccessStatusCode();
        var body = await key.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancellationToken);
        return body.GetProperty("key").GetString()!;
    }

    /// <summary>Enrols each (subject, image file) of <paramref name="gallery"/> with <paramref name="apiKey"/> (into its tenant) through match's REST route.</summary>
    public async Task EnrollAsync(string apiKey, IEnumerable<(string Subject, string Path)> gallery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gallery);
        using var http = new HttpClient { BaseAddress = MatchHttp, Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var me = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/me", cancellationToken);
        var tenant = me.GetProperty("tenant").GetString()!;
        foreach (var (subject, path) in gallery)
        {
            var image = Convert.ToBase64String(await File.ReadAllBytesAsync(path, cancellationToken));
            var route = $"/v1/tenants/{Uri.EscapeDataString(tenant)}/subjects/{Uri.EscapeDataString(subject)}/examples";
            using var response = await http.PostAsJsonAsync(route, new { images = new[] { image } }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"Enrolling {subject} ({path}) failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    /// <summary>Stops every host.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
