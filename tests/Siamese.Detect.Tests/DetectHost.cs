using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Detect.Consumers;
using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Detect.Tests;

/// <summary>Detect on a test server (gRPC) with MassTransit's in-memory test harness as its bus; the item stand-in model unless told otherwise.</summary>
public sealed class DetectHost : IAsyncDisposable
{
    private readonly ServiceTestServer _server;

    private DetectHost(ServiceTestServer server) => _server = server;

    public IServiceProvider Services => _server.Services;

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public global::Grpc.Net.Client.GrpcChannel Channel => _server.Channel;

    public static async Task<DetectHost> StartAsync(params (string Key, string? Value)[] settings)
    {
        var server = await ServiceTestServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Models:Embedding"] = TestData.ItemModel,
                ["Models:YuNet"] = SharedData.YuNetModel,
                ["Models:UltraFace"] = SharedData.UltraFaceModel,
            },
            settings.ToDictionary(s => s.Key, s => s.Value),
            builder =>
            {
                builder.AddDetectService();
                builder.Services.AddMassTransitTestHarness(bus => bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false)
                    // As the embed and match hosts: the default inactivity timeout (1.2 s) ended a wait for a frame
                    // still being decoded on a loaded machine ("RedeliveredFrame..." failed in CI at load ~14).
                    .SetTestTimeouts(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15))
                    .AddDetectConsumers());
            },
            app => app.MapDetectService(),
            services => services.GetRequiredService<ITestHarness>().Start());
        return new DetectHost(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
