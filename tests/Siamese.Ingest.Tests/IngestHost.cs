using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Ingest.Consumers;
using Siamese.Messaging;

namespace Siamese.Ingest.Tests;

/// <summary>Ingest on a test server with the in-memory bus and <see cref="FakePipeline"/> behind it.</summary>
public sealed class IngestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IngestHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<IngestHost> StartAsync(Action<WebApplicationBuilder>? configure = null, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Messaging:Transport"] = "InMemory";
        builder.Configuration["Messaging:RetryLimit"] = "1";
        builder.Configuration["Messaging:RetryMinInterval"] = "00:00:00.010";
        builder.Configuration["Messaging:RetryMaxInterval"] = "00:00:00.050";
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
        return new IngestHost(app);
    }

    /// <summary>Polls the status URL until the frame leaves "queued" (the fake pipeline answers in milliseconds).</summary>
    public async Task<FrameView> WaitForResultAsync(Guid frameId, string? tenant = null)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/frames/{frameId}");
            if (tenant is not null)
            {
                request.Headers.Add("X-Tenant", tenant);
            }

            using var response = await Client.SendAsync(request);
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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
