using System.Numerics.Tensors;
using Google.Protobuf;
using Grpc.Core;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;
using Siamese.Protos.V1;
using Siamese.Testing;

namespace Siamese.Match.Tests;

/// <summary>The match service with the real model running in-process, as in the standalone host.</summary>
public sealed class RealModelTests
{
    [ModelFact]
    public async Task ServedOneShotAnswersEqualOfflineNearestNeighbour()
    {
        using var data = new TempDirectory();
        var images = SyntheticDataset.Generate(Path.Combine(data.Path, "items"), classes: 8, perClass: 4, seed: 11);
        var groups = images.GroupBy(i => i.Label).ToList();
        var gallery = groups.Select(g => g.First()).ToList();
        var probes = groups.SelectMany(g => g.Skip(1)).ToList();
        using var raw = new OnnxEmbedder(TestModel.Path!);
        var g = raw.Embed([.. gallery.Select(i => ImageDecoder.LoadGray(i.Path))]);
        var expected = raw.Embed([.. probes.Select(i => ImageDecoder.LoadGray(i.Path))])
            .Select(p => gallery[Enumerable.Range(0, g.Length).MinBy(j => TensorPrimitives.Distance(p, g[j]))].Label)
            .ToList();

        await using var host = await MatchTestHost.StartAsync(modelPath: TestModel.Path);
        foreach (var item in gallery)
        {
            await host.Client.EnrollAsync(new EnrollRequest { SubjectId = item.Label, Images = { ByteString.CopyFrom(File.ReadAllBytes(item.Path)) } });
        }

        var served = new List<string>();
        foreach (var probe in probes)
        {
            var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Image = ByteString.CopyFrom(File.ReadAllBytes(probe.Path)), TopK = 1 });
            served.Add(answer.Results[0].Candidates[0].SubjectId);
        }

        Assert.Equal(expected, served);
    }

    [ModelFact]
    public async Task ThresholdAndDimensionComeFromTheModelFile()
    {
        using var raw = new OnnxEmbedder(TestModel.Path!);
        await using var host = await MatchTestHost.StartAsync(modelPath: TestModel.Path);

        var info = await host.Client.GetModelInfoAsync(new GetMatchModelInfoRequest());
        var wrong = await Assert.ThrowsAsync<RpcException>(() => host.Client.EnrollAsync(new EnrollRequest
        {
            SubjectId = "x", Embeddings = { new Embedding { Values = { new float[raw.Dimension + 1] } } },
        }).ResponseAsync);

        Assert.Equal(raw.Metadata.Threshold, info.Model.Threshold);
        Assert.Equal(raw.Metadata.EmbeddingDimension, info.Model.EmbeddingDimension);
        Assert.Equal(StatusCode.InvalidArgument, wrong.StatusCode);
    }
}
