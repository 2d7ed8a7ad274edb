using System.Numerics.Tensors;
using Google.Protobuf;
using Grpc.Core;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;
using Siamese.Protos.V1;
using Siamese.Testing;

namespace Siamese.Match.Tests;

/// <summary>Models trained on YuNet-aligned faces get aligned face crops from Enroll/Identify; other models the whole image.</summary>
public sealed class FaceCropTests
{
    [Fact]
    public async Task ResizeModelTakesTheWholeImageResizedToItsInput()
    {
        var embeddings = new FakeEmbeddingClient();
        await using var host = await MatchTestHost.StartAsync(embeddings);

        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "tin", Images = { TestImages.Png(120, 92, 112) } });

        var crop = Assert.Single(embeddings.Crops);
        Assert.Equal((8, 8), (crop.Width, crop.Height));
        Assert.All(crop.Pixels, p => Assert.Equal(120f, p, 0.01f));
    }

    [Fact]
    public async Task AlignedModelWithoutTheYuNetModelFailsTheStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MatchTestHost.StartAsync(
            new FakeEmbeddingClient(FakeModel.Aligned), settings: new Dictionary<string, string?> { ["Models:YuNet"] = "/nonexistent/yunet_s_dynamic.onnx" }));

        Assert.Contains("Models:YuNet", error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task PortraitEnrolsWithTheCropTheTrainerCutsForIt()
    {
        var embeddings = new FakeEmbeddingClient(FakeModel.Aligned);
        await using var host = await MatchTestHost.StartAsync(embeddings, settings: YuNet);
        using var detector = new YuNetDetector(SharedData.YuNetModel!);
        var trainer = new FaceCropper(detector, new FaceAligner(46, 56));
        var portraits = OrlImages().ToList();

        var worst = 0f;
        foreach (var (subject, path) in portraits)
        {
            await host.Client.EnrollAsync(new EnrollRequest { SubjectId = subject, Images = { ByteString.CopyFrom(File.ReadAllBytes(path)) } });
            var served = embeddings.Crops.Last();
            var trained = trainer.CropPortrait(ImageDecoder.LoadGray(path));
            Assert.True(trained.Aligned, $"{path}: {trained.FallbackReason}");
            Assert.Equal((trained.Crop.Width, trained.Crop.Height), (served.Width, served.Height));
            worst = Math.Max(worst, TensorPrimitives.MaxMagnitude(Difference(served, trained.Crop)));
        }

        Assert.True(worst <= 1e-3f, $"an enrolled portrait's crop differs from the trainer's by up to {worst} gray levels");
    }

    [SharedDataFact]
    public async Task FaceInALargerSceneIsFoundWhereItWasPasted()
    {
        var embeddings = new FakeEmbeddingClient(FakeModel.Aligned);
        await using var host = await MatchTestHost.StartAsync(embeddings, settings: YuNet);
        var face = ImageDecoder.LoadGray(OrlImages().First().Path).Resize(138, 168);
        var scene = new GrayImage(400, 300, Enumerable.Repeat(90f, 400 * 300).ToArray());
        for (var y = 0; y < face.Height; y++)
        {
            face.Pixels.AsSpan(y * face.Width, face.Width).CopyTo(scene.Pixels.AsSpan(((y + 60) * scene.Width) + 200));
        }

        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "s1", Images = { ByteString.CopyFrom(File.ReadAllBytes(OrlImages().First().Path)) } });
        var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Image = ByteString.CopyFrom(ImageEncoder.EncodePng(scene)) });

        var found = Assert.Single(answer.Results);
        var (cx, cy) = (found.Box.X + (found.Box.Width / 2), found.Box.Y + (found.Box.Height / 2));
        Assert.InRange(cx, 200, 200 + 138);
        Assert.InRange(cy, 60, 60 + 168);
        Assert.Equal((46, 56), (embeddings.Crops.Last().Width, embeddings.Crops.Last().Height));
    }

    [SharedDataFact(needsOrl: false)]
    public async Task ImageWithoutAFaceIsRejectedSayingNoFaceWasFound()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(FakeModel.Aligned), settings: YuNet);

        var enrol = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.EnrollAsync(new EnrollRequest { SubjectId = "wall", Images = { TestImages.Png(120, 92, 112) } }).ResponseAsync);
        var identify = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(120, 92, 112) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, enrol.StatusCode);
        Assert.Contains("no face found", enrol.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, identify.StatusCode);
        Assert.Contains("no face found", identify.Status.Detail, StringComparison.Ordinal);
    }

    [AlignedOrlModelFact]
    public async Task AlignedOrlModelServesTheOfflineNearestNeighbourOfTheTrainersCrops()
    {
        using var detector = new YuNetDetector(SharedData.YuNetModel!);
        using var raw = new OnnxEmbedder(AlignedOrlModel.Path!);
        var cropper = new FaceCropper(detector, new FaceAligner(raw.Metadata.InputWidth, raw.Metadata.InputHeight));
        var subjects = Directory.GetDirectories(SharedData.OrlFaces!).OrderBy(d => d, StringComparer.Ordinal).ToList();
        var gallery = subjects.Select(d => (Subject: Path.GetFileName(d), Path: Path.Combine(d, "1.pgm"))).ToList();
        var probes = subjects.Take(10).SelectMany(d => Enumerable.Range(2, 9).Select(i => Path.Combine(d, $"{i}.pgm"))).ToList();
        var g = raw.Embed([.. gallery.Select(i => cropper.CropPortrait(ImageDecoder.LoadGray(i.Path)).Crop)]);
        var expected = raw.Embed([.. probes.Select(p => cropper.CropPortrait(ImageDecoder.LoadGray(p)).Crop)])
            .Select(p => gallery[Enumerable.Range(0, g.Length).MinBy(j => TensorPrimitives.Distance(p, g[j]))].Subject)
            .ToList();

        await using var host = await MatchTestHost.StartAsync(modelPath: AlignedOrlModel.Path, settings: YuNet);
        foreach (var (subject, path) in gallery)
        {
            await host.Client.EnrollAsync(new EnrollRequest { SubjectId = subject, Images = { ByteString.CopyFrom(File.ReadAllBytes(path)) } });
        }

        var served = new List<string>();
        foreach (var probe in probes)
        {
            var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Image = ByteString.CopyFrom(File.ReadAllBytes(probe)), TopK = 1 });
            served.Add(answer.Results[0].Candidates[0].SubjectId);
        }

        Assert.Equal(expected, served);
    }

    private static Dictionary<string, string?> YuNet => new() { ["Models:YuNet"] = SharedData.YuNetModel };

    /// <summary>Image 1 of each of the first ten ORL subjects and images 2..4 of s1: portraits the face fills.</summary>
    private static IEnumerable<(string Subject, string Path)> OrlImages()
    {
        var root = SharedData.OrlFaces!;
        foreach (var i in Enumerable.Range(1, 10))
        {
            yield return ($"s{i}", Path.Combine(root, $"s{i}", "1.pgm"));
        }

        foreach (var i in Enumerable.Range(2, 3))
        {
            yield return ("s1", Path.Combine(root, "s1", $"{i}.pgm"));
        }
    }

    private static float[] Difference(GrayImage a, GrayImage b)
    {
        var d = new float[a.Pixels.Length];
        TensorPrimitives.Subtract(a.Pixels, b.Pixels, d);
        return d;
    }
}
