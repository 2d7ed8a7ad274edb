using System.Net;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Imaging;
using Siamese.Protos.V1;

namespace Siamese.Embed.Tests;

public sealed class BatchingEmbedderTests
{
    [Fact]
    public async Task ConcurrentCallersShareBatchesAndEachGetsItsOwnVector()
    {
        var model = new FakeEmbeddingModel { RunDelay = TimeSpan.FromMilliseconds(30) };
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(model),
            settings: new Dictionary<string, string?> { ["Embed:MaxBatchWait"] = "00:00:00.020" });
        var embedder = host.Services.GetRequiredService<IEmbedder>();
        model.Runs.Clear();

        var calls = Enumerable.Range(0, 24)
            .Select(i => embedder.EmbedAsync([TestImages.Uniform(3, 4, i * 10)]))
            .ToList();
        var results = await Task.WhenAll(calls);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i * 10 / 255f, results[i][0][0], 5);
        }

        Assert.True(model.Runs.Count < 24, $"expected merged batches, got {model.Runs.Count} runs for 24 calls");
        Assert.All(model.Runs, n => Assert.InRange(n, 1, 8));
    }

    [Fact]
    public async Task RequestLargerThanTheBatchSizeIsSplitAndKeepsItsOrder()
    {
        var model = new FakeEmbeddingModel();
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(model));
        var embedder = host.Services.GetRequiredService<IEmbedder>();
        model.Runs.Clear();

        var crops = Enumerable.Range(0, 20).Select(i => TestImages.Uniform(6, 8, i)).ToList();
        var vectors = await embedder.EmbedAsync(crops);

        Assert.Equal(20, vectors.Length);
        for (var i = 0; i < vectors.Length; i++)
        {
            Assert.Equal(i / 255f, vectors[i][0], 5);
        }

        Assert.All(model.Runs, n => Assert.InRange(n, 1, 8));
    }

    [Fact]
    public async Task ServiceIsNotReadyUntilTheModelIsLoaded()
    {
        var gate = new TaskCompletionSource();
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel(), gate.Task), waitReady: false);

        var before = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var live = await host.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        var early = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.EmbedAsync(new EmbedRequest { Crops = { TestImages.PixelCrop(3, 4, 1) } }).ResponseAsync);

        gate.SetResult();
        await host.Services.GetRequiredService<IEmbedder>().WhenReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var after = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(StatusCode.Unavailable, early.StatusCode);
        Assert.Contains("loading", early.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task EmptyCallReturnsNoVectors()
    {
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel()));
        var vectors = await host.Services.GetRequiredService<IEmbedder>().EmbedAsync(Array.Empty<GrayImage>());
        Assert.Empty(vectors);
    }
}
