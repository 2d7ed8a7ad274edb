using System.Net;
using Google.Protobuf;
using Siamese.Imaging;
using Siamese.Protos.V1;

namespace Siamese.Standalone.Tests;

/// <summary>The standalone host as users run it: every service in one process, ready, enrolling and identifying.</summary>
public sealed class StandaloneHostTests
{
    [Fact]
    public async Task StartsReportsReadyAndIdentifiesWhatWasEnrolled()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "pixels.onnx"));
        await using var host = await StandaloneTestHost.StartAsync(model);
        var matcher = new Matcher.MatcherClient(host.Channel);

        using var ready = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        await matcher.EnrollAsync(new EnrollRequest { SubjectId = "dark", Images = { Png(Gradient(40)) } });
        await matcher.EnrollAsync(new EnrollRequest { SubjectId = "light", Images = { Png(Gradient(200)) } });
        var answer = await matcher.IdentifyAsync(new IdentifyRequest { Image = Png(Gradient(190)), TopK = 2 });

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var found = Assert.Single(answer.Results);
        Assert.Equal("light", found.Candidates[0].SubjectId);
        Assert.Equal(Decision.Known, found.Decision);
        Assert.Equal("pixels:1", answer.ModelId);
    }

    [Fact]
    public async Task AHostWithoutAModelDoesNotStartAndNamesTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StandaloneTestHost.StartAsync("/nonexistent/model.onnx"));

        Assert.Contains("Models:Embedding", error.Message, StringComparison.Ordinal);
    }

    internal static ByteString Png(GrayImage image) => ByteString.CopyFrom(ImageEncoder.EncodePng(image));

    /// <summary>A 92×112 picture whose level rises from <paramref name="level"/> left to right (not flat, so every pixel counts).</summary>
    internal static GrayImage Gradient(int level) =>
        new(92, 112, [.. Enumerable.Range(0, 92 * 112).Select(i => (float)Math.Clamp(level + (i % 92 / 4), 0, 255))]);
}
