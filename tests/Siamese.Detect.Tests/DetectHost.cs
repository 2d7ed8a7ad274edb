using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Detect.Consumers;

namespace Siamese.Detect.Tests;

/// <summary>Detect on a test server (gRPC) with MassTransit's in-memory test harness as its bus.</summary>
public sealed class DetectHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DetectHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public ITestHarness Harness => _app.Services.GetRequiredService<ITestHarness>();

    public HttpMessageHandler Handler => _app.GetTestServer().CreateHandler();

    public static async Task<DetectHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddDetectService();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddDetectConsumers());
        var app = builder.Build();
        app.MapDetectService();
        await app.StartAsync();
        await app.Services.GetRequiredService<ITestHarness>().Start();
        return new DetectHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
