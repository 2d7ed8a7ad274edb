using System.Numerics.Tensors;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Standalone.Tests;

/// <summary>
/// A colour model (3 input channels) served as it is run offline: match's Identify (gRPC, in-process embedder) and a
/// camera frame (ingest → detect → embed → match on the in-memory bus) embed a colour picture as the offline
/// <see cref="OnnxEmbedder"/> embeds the planner's colour crop, not as its gray crop repeated in three planes.
/// </summary>
public sealed class ColourModelTests
{
    private const float Tolerance = 1e-4f;

    [Fact]
    public async Task IdentifyEmbedsAColourPictureAsTheOfflineEmbedderEmbedsThePlannersColourCrop()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "colour.onnx"), channels: 3);
        await using var host = await StandaloneTestHost.StartAsync(model);
        var picture = Colourful(90, 70);
        var (colour, gray) = Offline(host, model, picture);
        var matcher = new Matcher.MatcherClient(host.Channel);
        await EnrolAsync(matcher, colour, gray);

        var answer = await matcher.IdentifyAsync(new IdentifyRequest { Image = ByteString.CopyFrom(ImageEncoder.EncodePng(picture)), TopK = 2 });

        var candidates = Assert.Single(answer.Results).Candidates;
        Assert.Equal("colour", candidates[0].SubjectId);
        Assert.InRange(candidates[0].Distance, 0f, Tolerance);
        Assert.Equal("gray-replicated", candidates[1].SubjectId);
        Assert.InRange(candidates[1].Distance, 1f, float.MaxValue);
    }

    [Fact]
    public async Task ACameraFrameIsEmbeddedAsTheOfflineEmbedderEmbedsThePlannersColourCrop()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "colour.onnx"), channels: 3);
        await using var host = await StandaloneTestHost.StartAsync(model);

        // At the model's input size the bus's 8-bit crop is the picture itself, so the camera path can be held to the same tolerance.
        var picture = Colourful(23, 28);
        var (colour, gray) = Offline(host, model, picture);
        await EnrolAsync(new Matcher.MatcherClient(host.Channel), colour, gray);
        var frames = new FrameClient(host.Http, null);

        var id = await frames.PostAsync(ImageEncoder.EncodePng(picture), "shelf-1");
        var result = await frames.WaitAsync(id, TimeSpan.FromMilliseconds(50)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("Done", result.Status);
        var crop = Assert.Single(result.Body.GetProperty("crops").EnumerateArray());
        Assert.Equal("colour", crop.GetProperty("subject").GetString());
        Assert.InRange(crop.GetProperty("distance").GetSingle(), 0f, Tolerance);
    }

    /// <summary>A picture whose R, G and B vary independently, so its colour planes and its luma differ everywhere.</summary>
    internal static RgbImage Colourful(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var s = ((y * width) + x) * 3;
                (rgb[s], rgb[s + 1], rgb[s + 2]) = ((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x * 37) + (y * 11)));
            }
        }

        return new RgbImage(width, height, rgb);
    }

    /// <summary>The offline embeddings of the planner's crop of the picture: its colour region, and its gray crop in three planes.</summary>
    private static (float[] Colour, float[] Gray) Offline(StandaloneTestHost host, string model, RgbImage picture)
    {
        using var offline = new OnnxEmbedder(model);
        var plan = host.Services.GetRequiredService<CropPlanner>().Plan(picture, CropTarget.Of(offline.Metadata));
        var crop = Assert.Single(plan.Crops);
        Assert.NotNull(crop.Colour);
        var colour = offline.Embed([crop.Colour])[0];
        var gray = offline.Embed([crop.Crop])[0];
        Assert.True(TensorPrimitives.Distance(colour, gray) > 1f, "The picture's colour and gray crops embed alike; the test would prove nothing.");
        return (colour, gray);
    }

    private static async Task EnrolAsync(Matcher.MatcherClient matcher, float[] colour, float[] gray)
    {
        await matcher.EnrollAsync(new EnrollRequest { SubjectId = "colour", Embeddings = { Vector(colour) } });
        await matcher.EnrollAsync(new EnrollRequest { SubjectId = "gray-replicated", Embeddings = { Vector(gray) } });
    }

    private static Embedding Vector(float[] values)
    {
        var embedding = new Embedding();
        embedding.Values.AddRange(values);
        return embedding;
    }
}
