using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Ingest.Consumers;
using Siamese.Messaging;

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

    private IngestHost(WebApplication app, TempDirectory keys)
    {
        _app = app;
        _keys = keys;
        Client = ClientFor("default");
    }

    public HttpClient Client { get; }

    /// <summary>A client whose requests carry a key of <paramref name="tenant"/> (created when new); null: no key.</summary>
    public HttpClient ClientFor(string? tenant)
    {
        var client = TestKeys.Http(_app.GetTestServer(), tenant is null ? null : TestKeys.For(_app.Services, tenant));
        _clients.Add(client);
        return client;
    }

    public IServiceProvider Services => _app.Services;

    public static async Task<IngestHost> StartAsync(Action<WebApplicationBuilder>? configure = null, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
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

        builder.AddIngestService();
        builder.AddSiameseMessaging(bus =>
        {
            bus.AddIngestConsumers();
            bus.AddConsumer<FakePipeline>().Endpoint(e => e.Name = QueueNames.Detect);
        });
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapIngestService();
        await app.StartAsync();
        return new IngestHost(app, keys);
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
