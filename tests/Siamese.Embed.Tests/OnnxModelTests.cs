using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Embed.Tests;

/// <summary>The embed service with the real exported model.</summary>
public sealed class OnnxModelTests
{
    [ModelFact]
    public async Task EmbeddingsThroughGrpcEqualOnnxRuntimeInProcess()
    {
        using var raw = new OnnxEmbedder(TestModel.Path!);
        await using var host = await EmbedTestHost.StartAsync(null, TestModel.Path);
        var crops = Enumerable.Range(0, 5).Select(i => TestImages.Uniform(92, 112, 40 + (i * 30))).ToList();
        crops[2].Pixels[100] = 0;

        var expected = raw.Embed(crops);
        var request = new EmbedRequest();
        foreach (var c in crops)
        {
            var pixels = new GrayPixels { Width = c.Width, Height = c.Height };
            pixels.Values.AddRange(c.Pixels);
            request.Crops.Add(new Crop { Pixels = pixels });
        }

        var response = await host.Client.EmbedAsync(request);

        Assert.Equal(expected.Length, response.Embeddings.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(raw.Dimension, response.Embeddings[i].Values.Count);
            for (var d = 0; d < raw.Dimension; d++)
            {
                Assert.Equal(expected[i][d], response.Embeddings[i].Values[d], 4);
            }
        }
    }

    [ModelFact]
    public async Task RequestedGpuProviderFallsBackToCpuAndSaysWhy()
    {
        await using var host = await EmbedTestHost.StartAsync(null, TestModel.Path,
            new Dictionary<string, string?> { ["Embed:ExecutionProvider"] = "CUDA" });

        var info = await host.Client.GetModelInfoAsync(new GetModelInfoRequest());

        Assert.Equal("CPU", info.ExecutionProvider);
        Assert.Equal("CUDA", info.RequestedExecutionProvider);
        Assert.Contains("CUDA", info.ExecutionProviderNote, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExecutionProvider.Cpu)]
    [InlineData(ExecutionProvider.Cuda)]
    public void AFileThatIsNotAnOnnxModelIsAClearErrorOnEveryProvider(ExecutionProvider provider)
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "model.onnx");
        File.WriteAllText(path, "not a model");

        // Before: ONNX Runtime's own exception (a stack trace from the CLI); with a GPU requested, a misleading provider note first.
        var error = Assert.Throws<InvalidDataException>(() => new OnnxEmbedder(path, provider));

        Assert.Contains($"Model file '{path}' cannot be loaded by ONNX Runtime", error.Message, StringComparison.Ordinal);
    }

    [ModelFact]
    public async Task ModelInfoComesFromTheModelFile()
    {
        using var raw = new OnnxEmbedder(TestModel.Path!);
        await using var host = await EmbedTestHost.StartAsync(null, TestModel.Path);

        var info = await host.Client.GetModelInfoAsync(new GetModelInfoRequest());

        Assert.Equal(raw.Metadata.ModelId, info.ModelId);
        Assert.Equal(raw.Metadata.InputHeight, info.InputHeight);
        Assert.Equal(raw.Metadata.InputWidth, info.InputWidth);
        Assert.Equal(raw.Metadata.EmbeddingDimension, info.EmbeddingDimension);
        Assert.Equal(raw.Metadata.Threshold, info.Threshold);
    }
}
