using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Ingest.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

namespace Siamese.Ingest.Tests;

/// <summary>
/// Ingest on a test server with the in-memory bus and <see cref="FakePipeline"/> behind it. API keys are on:
/// <see cref="Client"/> carries a key of tenant "default", <see cref="ClientFor"/> another tenant's (or none).
/// </summary>
public sealed class IngestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _keys;
    private readonly List<HttpClient> _clients = [];
    private readonly Uri? _kestrelAddress;

    private IngestHost(WebApplication app, TempDirectory keys, Uri? kestrelAddress = null)
    {
        _app = app;
        _keys = keys;
        _kestrelAddress = kestrelAddress;
        Client = ClientFor("default");
    }

    public HttpClient Client { get; }

    /// <summary>A client whose requests carry a key of <paramref name="tenant"/> (created when new); null: no key.</summary>
    public HttpClient ClientFor(string? tenant)
    {
        var key = tenant is null ? null : TestKeys.For(_app.Services, tenant);
        HttpClient client;
        if (_kestrelAddress is null)
        {
            client = TestKeys.Http(_app.GetTestServer(), key);
        }
        else
        {
            client = new HttpClient { BaseAddress = _kestrelAddress };
            if (key is not null)
            {
                client.DefaultRequestHeaders.Add(Siamese.Security.ApiKeyDefaults.Header, key);
            }
        }

        _clients.Add(client);
        return client;
    }

    public IServiceProvider Services => _app.Services;

    public static Task<IngestHost> StartAsync(Action<WebApplicationBuilder>? configure = null, params (string Key, string Value)[] settings) =>
        StartAsync(kestrelPort: null, configure, settings);

    /// <summary>
    /// Ingest on Kestrel at a free loopback port, not a test server: what Kestrel itself enforces (its request body
    /// limit, <c>Kestrel:Limits:*</c> among <paramref name="settings"/>) applies.
    /// </summary>
    public static Task<IngestHost> StartOnKestrelAsync(params (string Key, string Value)[] settings) =>
        StartAsync(ServiceProcess.FreePort(), configure: null, settings);

    private static async Task<IngestHost> StartAsync(int? kestrelPort, Action<WebApplicationBuilder>? configure, (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        if (kestrelPort is { } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Configuration["Messaging:Transport"] = "InMemory";
        builder.Configuration["Messaging:RetryLimit"] = "1";
        builder.Configuration["Messaging:RetryMinInterval"] = "00:00:00.010";
        builder.Configuration["Messaging:RetryMaxInterval"] = "00:00:00.050";
        var keys = new TempDirectory();
        foreach (var (key, value) in TestKeys.Settings(keys.Path))
        {
            builder.Configuration[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        if (kestrelPort is not null)
        {
            // As the ingest host composes itself: the service defaults bind Kestrel:Limits and put in the middleware.
            builder.AddServiceDefaults();
        }

        builder.AddIngestService();
        builder.AddSiameseMessaging(bus =>
        {
            bus.AddIngestConsumers();
            bus.AddConsumer<FakePipeline>().Endpoint(e => e.Name = QueueNames.Detect);
        });
        configure?.Invoke(builder);
        var app = builder.Build();
        if (kestrelPort is not null)
        {
            app.MapDefaultEndpoints();
        }

        app.MapIngestService();
        await app.StartAsync();
        return new IngestHost(app, keys, kestrelPort is { } p ? new Uri($"http://127.0.0.1:{p}") : null);
    }

    /// <summary>Polls the status URL (with a key of <paramref name="tenant"/>) until the frame leaves "Queued" (the fake pipeline answers in milliseconds).</summary>
    public async Task<FrameView> WaitForResultAsync(Guid frameId, string? tenant = null)
    {
        var client = tenant is null ? Client : ClientFor(tenant);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/frames/{frameId}");
            using var response = await client.SendAsync(request);
            var view = await response.Content.ReadFromJsonAsync<FrameView>(TestJson.Options);
            if (view is not null && view.Status != FrameState.Queued)
            {
                return view;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Frame {frameId} never finished.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _keys.Dispose();
    }
}
