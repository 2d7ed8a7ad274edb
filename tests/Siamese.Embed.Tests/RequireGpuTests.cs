using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Siamese.Protos.V1;

namespace Siamese.Embed.Tests;

/// <summary>A GPU that was asked for and cannot be used is an error readiness shows, never a silent CPU fallback.</summary>
public sealed class RequireGpuTests
{
    private static readonly Dictionary<string, string?> RequireCuda = new()
    {
        ["Embed:ExecutionProvider"] = "Cuda",
        ["Embed:RequireGpu"] = "true",
    };

    [ModelFact]
    public async Task RequiredGpuThatCannotLoadLeavesEmbedNotReadyAndSaysWhy()
    {
        await using var host = await EmbedTestHost.StartAsync(null, TestModel.Path, RequireCuda, waitReady: false);
        var embedder = host.Services.GetRequiredService<IEmbedder>();
        var settled = await SettledAsync(embedder);
        if (settled.IsReady)
        {
            // A machine with a usable GPU: the model must then really run on it.
            Assert.Equal(ExecutionProvider.Cuda, settled.Model.ActiveProvider);
            return;
        }

        using var ready = await host.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var check = report.RootElement.GetProperty("checks").GetProperty("embed-model");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        var reason = check.GetProperty("description").GetString()!;
        Assert.Contains("CUDA", reason, StringComparison.Ordinal);
        Assert.Contains("no CPU fallback", reason, StringComparison.Ordinal);

        var call = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetModelInfoAsync(new GetModelInfoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, call.StatusCode);
        Assert.Contains("CUDA", call.Status.Detail, StringComparison.Ordinal);

        Assert.Matches("siamese_embed_execution_provider\\{[^}]*provider=\"none\",requested=\"CUDA\"\\} 1", await host.Http.GetStringAsync("/metrics"));
    }

    [ModelFact]
    public async Task GpuAskedForWithoutRequireGpuFallsBackVisiblyToTheCpu()
    {
        await using var host = await EmbedTestHost.StartAsync(null, TestModel.Path, new Dictionary<string, string?> { ["Embed:ExecutionProvider"] = "Cuda" });
        var model = host.Services.GetRequiredService<IEmbedder>().Model;
        if (model.ActiveProvider == ExecutionProvider.Cuda)
        {
            return;
        }

        Assert.Equal(ExecutionProvider.Cuda, model.RequestedProvider);
        Assert.Contains("Running on CPU", model.ProviderNote, StringComparison.Ordinal);
        var info = await host.Client.GetModelInfoAsync(new GetModelInfoRequest());
        Assert.Equal("CPU", info.ExecutionProvider);
        Assert.Equal("CUDA", info.RequestedExecutionProvider);
        Assert.Matches("siamese_embed_execution_provider\\{[^}]*provider=\"CPU\",requested=\"CUDA\"\\} 1", await host.Http.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task RequireGpuWithTheCpuProviderFailsTheStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EmbedTestHost.StartAsync(
            new FakeModelLoader(new FakeEmbeddingModel()), settings: new Dictionary<string, string?> { ["Embed:RequireGpu"] = "true" }, waitReady: false));
        Assert.Contains("Embed:RequireGpu", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Waits until the embedder is ready or says it will not be (loading a model takes a moment).</summary>
    private static async Task<IEmbedder> SettledAsync(IEmbedder embedder)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!embedder.IsReady && embedder.NotReadyReason is null)
        {
            await Task.Delay(50, timeout.Token);
        }

        return embedder;
    }
}
