using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Siamese.Imaging;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;
using Xunit.Abstractions;
using static TorchSharp.torch;
using ModelMetadata = Siamese.Model.ModelMetadata;

namespace Siamese.Trainer.Tests;

public sealed class BackboneExportTests(BackboneExportFixture fixture, ITestOutputHelper output) : IClassFixture<BackboneExportFixture>
{
    private const float Tolerance = 1e-4f;

    [Fact]
    public void TheMergedBackboneGivesThePackagesOwnFeatures()
    {
        using var package = new PackageFeatures(fixture.Files);
        using var merged = new FeatureExtractor(fixture.Graph, channels: 3);

        for (var p = 0; p < 3; p++)
        {
            var input = fixture.Input(p, 3);
            var expected = package.Run(input);
            var actual = merged.Run(input, 1)[0];

            Assert.Equal(512, expected.Length);
            Assert.True(expected.Any(v => v > 0.1f), "ResNet18 features of a picture are all near zero, so the comparison would prove nothing");
            AssertClose(expected, actual, $"picture {p}: package vs merged backbone");
        }
    }

    [Theory]
    [InlineData(2, 768)]
    [InlineData(4, 960)]
    public void FeaturesOfSeveralStagesAreEachStagesPooledValuesAtUnitLength(int stages, int length)
    {
        using var package = new PackageFeatures(fixture.Files);
        var graph = BackboneGraph.Load(fixture.Files, stages);
        using var merged = new FeatureExtractor(graph, channels: 3);

        Assert.Equal(length, graph.FeatureLength);
        Assert.Equal(length, Towers.BackboneTower.FeatureLengthOf(stages));
        for (var p = 0; p < 2; p++)
        {
            var input = fixture.Input(p, 3);
            var expected = package.RunStages(input, stages);
            var actual = merged.Run(input, 1)[0];

            Assert.Equal(length, expected.Length);
            AssertClose(expected, actual, $"picture {p}, {stages} stages: package vs merged backbone");
            Assert.Equal(1.0, Math.Sqrt(actual[512..].Sum(v => (double)v * v)) / Math.Sqrt(stages - 1), 3);
        }
    }

    [Fact]
    public void AttentionFeaturesAreTheLastBlocksMapThenTheEarlierStagesAndAverageToTheAverageFeatures()
    {
        using var package = new PackageFeatures(fixture.Files);
        using var merged = new FeatureExtractor(fixture.AttentionGraph, channels: 3);
        using var averaged = new FeatureExtractor(BackboneGraph.Load(fixture.Files, 4), channels: 3);

        Assert.Equal(512 * 7 * 7 + 448, fixture.AttentionGraph.FeatureLength);
        Assert.Equal(fixture.AttentionGraph.FeatureLength, Towers.BackboneTower.FeatureLengthOf(4, Towers.BackbonePooling.Attention));
        var input = fixture.Input(0, 3);
        var actual = merged.Run(input, 1)[0];

        AssertClose(package.RunStages(input, 4, Towers.BackbonePooling.Attention), actual, "package's last map and stages vs merged backbone");
        AssertClose(averaged.Run(input, 1)[0], fixture.AttentionGraph.AveragePooled(actual), "the map averaged vs the average-pooled features");
    }

    [Fact]
    public void AnUntrainedAttentionPoolIsThePlainAverage()
    {
        using var pool = new Towers.AttentionPool(512, 7, 448);
        using var averaged = new FeatureExtractor(BackboneGraph.Load(fixture.Files, 4), channels: 3);
        using var merged = new FeatureExtractor(fixture.AttentionGraph, channels: 3);
        var input = fixture.Input(1, 3);
        var features = merged.Run(input, 1)[0];

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pooled = pool.call(tensor(features, [1, 1, 1, features.Length])).data<float>().ToArray();

        AssertClose(averaged.Run(input, 1)[0], pooled, "untrained attention pool vs average pooling");
    }

    [Fact]
    public void ThePlaceAverageOfTheMapIsTheAveragePooledFeaturesAndTwoHeadsServeBothEmbeddingsAtUnitLength()
    {
        using var pool = new PlaceAverage(512, 7, 448);
        using var merged = new FeatureExtractor(fixture.AttentionGraph, channels: 3);
        var features = merged.Run(fixture.Input(2, 3), 1)[0];

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pooled = pool.call(tensor(features, [1, 1, 1, features.Length])).data<float>().ToArray();
        var embedding = fixture.BothHead.call(tensor(features, [1, 1, 1, features.Length])).data<float>().ToArray();

        AssertClose(fixture.AttentionGraph.AveragePooled(features), pooled, "place average vs average-pooled features");
        Assert.Equal((2, 64), (fixture.BothHead.Members, embedding.Length));
        // Each head's half is unit length × 1/√2, so the whole is unit length.
        Assert.Equal(Math.Sqrt(0.5), Math.Sqrt(embedding[..32].Sum(v => (double)v * v)), 4);
        Assert.Equal(Math.Sqrt(0.5), Math.Sqrt(embedding[32..].Sum(v => (double)v * v)), 4);
    }

    [Fact]
    public void AskingForMoreStagesThanTheNetworkHasIsAClearError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BackboneGraph.Load(fixture.Files, 6));
        Assert.Contains("1 to 4 stages", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, BackbonePooling.Average)]
    [InlineData(2, BackbonePooling.Average)]
    [InlineData(5, BackbonePooling.Average)]
    [InlineData(1, BackbonePooling.Attention)]
    [InlineData(3, BackbonePooling.Attention)]
    [InlineData(1, BackbonePooling.Both)]
    [InlineData(3, BackbonePooling.Both)]
    public void TheExportedModelGivesTheHeadsEmbeddingsOfTheBackbonesFeaturesForAnyBatchSize(int count, BackbonePooling pooling)
    {
        var (graph, head, model) = pooling switch
        {
            BackbonePooling.Attention => (fixture.AttentionGraph, fixture.AttentionHead, fixture.AttentionModel),
            BackbonePooling.Both => (fixture.AttentionGraph, fixture.BothHead, fixture.BothModel),
            _ => (fixture.Graph, fixture.Head, fixture.ColourModel),
        };
        var inputs = Enumerable.Range(0, count).Select(p => fixture.Input(p, 3)).ToArray();
        using var extractor = new FeatureExtractor(graph, channels: 3);
        var features = extractor.Run([.. inputs.SelectMany(i => i)], count);

        var expected = Head(head, graph, features);
        var actual = RunModel(model, inputs, 3);

        AssertClose(expected, actual, $"N={count}, {pooling} pooling: TorchSharp head on features vs ONNX Runtime whole graph");
    }

    [Fact]
    public void TheExportedModelDeclaresColourInputsOf224AndADynamicBatch()
    {
        using var session = new InferenceSession(fixture.ColourModel);
        var metadata = ModelMetadata.FromDictionary(session.ModelMetadata.CustomMetadataMap);

        Assert.Equal([-1, 3, 224, 224], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, 32], session.OutputMetadata["embedding"].Dimensions);
        Assert.Equal((3, 224, 224, 0f, 1f), (metadata.InputChannels, metadata.InputHeight, metadata.InputWidth, metadata.PixelMean, metadata.PixelStd));
    }

    [Fact]
    public void TheImagesSessionIsClosedOnceTheServedZoomsBeginAndTheZoomsSessionStaysOpen()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"siamese-cache-{Guid.NewGuid():N}");
        try
        {
            const int Size = 48;
            var picture = Path.Combine(Directory.CreateDirectory(folder).FullName, "picture.png");
            File.WriteAllBytes(picture, ImageEncoder.EncodePng(new RgbImage(Size, Size, [.. Enumerable.Range(0, Size * Size * 3).Select(i => (byte)(i * 37 % 251))])));
            var cache = FeatureCache.Open(folder, "resnet18|test", fixture.Graph.FeatureLength);
            using var extractor = new FeatureExtractor(fixture.Graph, channels: 3);
            var source = new FeatureSource(extractor, cache, TextWriter.Null);

            // Asked zoom first: the source runs the images' batches first all the same, then the zooms'.
            var features = source.Features([(picture, ImageView.ServedZoom), (picture, 0)]);

            Assert.Equal(2, source.Computed);
            Assert.NotEqual(features[0], features[1]);
            Assert.False(extractor.IsOpen(zoomed: false));
            Assert.True(extractor.IsOpen(zoomed: true));
            // Closed before the zooms' session opened, not after: the two were never open at once.
            Assert.Equal(1, extractor.MostOpen);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void ARunWhoseFeaturesAreAllCachedOpensNoSessionAndAComputedOneOpensItAgainAfterAClose()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"siamese-cache-{Guid.NewGuid():N}");
        try
        {
            // Never decoded: its features come from the cache (whose key reads the file's length).
            var picture = Path.Combine(Directory.CreateDirectory(folder).FullName, "picture.jpg");
            File.WriteAllBytes(picture, [1, 2, 3]);
            var cache = FeatureCache.Open(folder, "resnet18|test", fixture.Graph.FeatureLength);
            var cached = Enumerable.Range(0, fixture.Graph.FeatureLength).Select(i => i * 0.5f).ToArray();
            cache.Add(FeatureCache.Key(picture, 0), cached);
            using var extractor = new FeatureExtractor(fixture.Graph, channels: 3);
            var source = new FeatureSource(extractor, cache, TextWriter.Null);

            var features = source.Features([(picture, 0)]);

            Assert.Equal(cached, features[0]);
            Assert.Equal(0, source.Computed);
            Assert.False(extractor.Opened);

            extractor.Run(fixture.Input(0, 3), 1);

            Assert.True(extractor.Opened);
            extractor.Close(zoomed: false);
            Assert.False(extractor.Opened);
            Assert.Equal(features[0].Length, extractor.Run(fixture.Input(0, 3), 1)[0].Length);
            extractor.Dispose();
            Assert.Throws<ObjectDisposedException>(() => extractor.Run(fixture.Input(0, 3), 1));
            Assert.False(extractor.Opened);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void AGrayModelTakesOneChannelAndEmbedsLikeTheColourModelOnAGrayPicture()
    {
        var gray = RgbImage.FromGray(fixture.Pictures[0].ToGray());
        var asGray = FeatureSource.PreprocessorFor(1).ToTensor(gray);
        var asColour = FeatureSource.PreprocessorFor(3).ToTensor(gray);

        using var session = new InferenceSession(fixture.GrayModel);
        Assert.Equal([-1, 1, 224, 224], session.InputMetadata["input"].Dimensions);
        AssertClose(RunModel(fixture.ColourModel, [asColour], 3), RunModel(fixture.GrayModel, [asGray], 1), "gray model vs colour model on R = G = B");
    }

    [Fact]
    public void MetadataThatDoesNotDescribeTheBackboneIsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.onnx");

        Assert.Throws<ArgumentException>(() => BackboneExporter.Export(fixture.Head, fixture.Graph, BackboneExportFixture.MetadataFor(3) with { InputHeight = 112 }, path));
        Assert.Throws<ArgumentException>(() => BackboneExporter.Export(fixture.Head, fixture.Graph, BackboneExportFixture.MetadataFor(3) with { PixelStd = 0.2f }, path));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void AnImageOnAPlainLightBackgroundGetsTheCatalogueZoomAndEveryOtherImageTheServedZoomImageByImage(int channels)
    {
        const int size = BackboneGraph.InputSize;
        var frame = Enumerable.Range(0, size * size).Where(i => i / size is < BackboneGraph.BackgroundFrame or >= size - BackboneGraph.BackgroundFrame || i % size is < BackboneGraph.BackgroundFrame or >= size - BackboneGraph.BackgroundFrame).ToArray();
        var least = (int)Math.Floor(BackboneGraph.BackgroundShare * frame.Length) + 1; // 6,106 of the frame's 10,176 pixels
        // A catalogue-like image (its whole frame light gray), a photo (a dark frame), frames with one pixel more and one
        // pixel fewer than the share light, and whole frames just past each bound (a channel at 199; channels 41
        // apart): the batch is decided image by image.
        (int LightPixels, bool Plain, byte[] Light)[] images = [(frame.Length, true, [240, 200, 220]), (0, false, [240, 200, 220]), (least, true, [240, 200, 220]), (least - 1, false, [240, 200, 220]), (frame.Length, false, [240, 199, 220]), (frame.Length, channels == 1, [241, 200, 220])];
        var pixels = new float[images.Length * channels * size * size];
        for (var n = 0; n < images.Length; n++)
        {
            var image = pixels.AsSpan(n * channels * size * size, channels * size * size);
            for (var i = 0; i < size * size; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    image[(c * size * size) + i] = ((i * 7919) + (c * 104729) + (n * 31)) % 997 / 996f; // the object: anything
                }
            }

            for (var k = 0; k < frame.Length; k++)
            {
                // Light: the darkest channel 200 of 255 and the channels 40 apart, each at its bound; else a dark shelf
                // (a gray image reads the middle channel: 199 is dark there, and 41 apart is no spread at all).
                var rgb = k < images[n].LightPixels ? images[n].Light : [60, 90, 30];
                for (var c = 0; c < channels; c++)
                {
                    image[(c * size * size) + frame[k]] = (channels == 1 ? rgb[1] : rgb[c]) / 255f;
                }
            }

            Assert.Equal(images[n].Plain, BackboneGraph.IsPlainBackground(image, channels));
        }

        var byBackground = BackboneGraph.Load(fixture.Files, servedZoom: 0.6, catalogueZoom: ImageView.Zoom);
        var photoZoom = Zooms(BackboneGraph.Load(fixture.Files, servedZoom: 0.6), pixels, images.Length, channels, out var photoNodes);
        var catalogueZoom = Zooms(BackboneGraph.Load(fixture.Files, servedZoom: ImageView.Zoom), pixels, images.Length, channels, out _);
        var zooms = Zooms(byBackground, pixels, images.Length, channels, out var nodes);

        Assert.Equal(134, byBackground.ZoomSide);
        Assert.Equal(179, byBackground.CatalogueSide);
        Assert.Contains(nodes, n => n.OpType == "Where");
        Assert.DoesNotContain(photoNodes, n => n.OpType == "Where"); // without a catalogue zoom the model is the one of before
        for (var n = 0; n < images.Length; n++)
        {
            Assert.Equal(images[n].Plain ? catalogueZoom[n] : photoZoom[n], zooms[n]);
            Assert.NotEqual(catalogueZoom[n], photoZoom[n]);
            output.WriteLine($"image {n}: {(images[n].Plain ? "catalogue zoom" : "served zoom")}");
        }

        // A catalogue zoom that cuts the served zoom's side is none of its own.
        Assert.Null(BackboneGraph.Load(fixture.Files, servedZoom: 0.6, catalogueZoom: 0.6).CatalogueZoom);
        Assert.Null(BackboneGraph.Load(fixture.Files, servedZoom: 0.6, catalogueZoom: 0).CatalogueZoom);
    }

    /// <summary>The served zoom <paramref name="graph"/> cuts of each of <paramref name="count"/> images, by its own nodes (<see cref="BackboneGraph.AddZoom"/>) run in ONNX Runtime.</summary>
    private static float[][] Zooms(BackboneGraph graph, float[] pixels, int count, int channels, out Siamese.Onnx.Proto.NodeProto[] nodes)
    {
        const int size = BackboneGraph.InputSize;
        var builder = new Siamese.Onnx.OnnxGraphBuilder();
        builder.NameOutput(graph.AddZoom(builder, "input", "served"), "zoom");
        var proto = builder.Graph;
        proto.Name = "zoom";
        proto.Input.Add(Siamese.Onnx.OnnxTensors.FloatValue("input", Siamese.Onnx.OnnxModelFile.BatchDimension, channels, size, size));
        proto.Output.Add(Siamese.Onnx.OnnxTensors.FloatValue("zoom", Siamese.Onnx.OnnxModelFile.BatchDimension, channels, size, size));
        nodes = [.. proto.Node];
        using var session = new InferenceSession(Siamese.Onnx.OnnxModelFile.Wrap(proto, "test", "served zoom", new Dictionary<string, string>()).ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, channels, size, size]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["zoom"]);
        var values = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var length = channels * size * size;
        return [.. Enumerable.Range(0, count).Select(n => values[(n * length)..((n + 1) * length)])];
    }

    private static float[] Head(Towers.BackboneTower head, BackboneGraph graph, float[][] features)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return head.call(tensor([.. features.SelectMany(f => f)], [features.Length, 1, 1, graph.FeatureLength])).data<float>().ToArray();
    }

    private static float[] RunModel(string path, float[][] inputs, int channels)
    {
        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory([.. inputs.SelectMany(i => i)], [inputs.Length, channels, 224, 224]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["embedding"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var difference = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        output.WriteLine($"{what}: max |difference| = {difference:E2}");
        Assert.True(difference <= Tolerance, $"{what}: max |difference| = {difference:E2} exceeds {Tolerance:E0}");
    }
}
