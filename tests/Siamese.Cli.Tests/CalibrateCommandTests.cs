using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siamese.Model;

namespace Siamese.Cli.Tests;

/// <summary><c>siamese calibrate</c>, and what the CLI says when pointed at the wrong port.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CalibrateCommandTests : FakeServerTest
{
    [Fact]
    public async Task CalibrateSendsTheLabelledImagesAndReportsTheAchievedRatesAndPairs()
    {
        SyntheticDataset.Generate(Root, classes: 3, perClass: 4, seed: 5);

        var (exitCode, output) = await CliRunner.RunAsync(
            "calibrate", Root, "--target-far", "0.01", "--per-label", "3", "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.Success, exitCode);
        var request = Assert.Single(Server.Matcher.Calibrations);
        Assert.Equal("acme", Assert.Single(Server.Matcher.Tenants));
        Assert.Equal(0.01, request.TargetFalseAcceptRate);
        Assert.Equal(9, request.Images.Count);
        Assert.Equal(["item-001", "item-002", "item-003"], request.Images.Select(i => i.Label).Distinct());
        // The key's tenant (acme) was calibrated: the line said "tenant 'default'".
        Assert.Contains("the key's tenant: threshold 0.4000", output, StringComparison.Ordinal);
        Assert.Contains("9 genuine and 27 impostor pairs", output, StringComparison.Ordinal);
        Assert.Contains("stored", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.1")]
    [InlineData("0.6")]
    [InlineData("NaN")]
    public async Task ATargetFalseAcceptRateOutsideItsRangeIsRefused(string far)
    {
        SyntheticDataset.Generate(Root, classes: 3, perClass: 4, seed: 5);

        // Before: 0 passed the check and was taken as "the model's target".
        var (exitCode, output) = await CliRunner.RunAsync("calibrate", Root, "--target-far", far, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--target-far must be in (0, 0.5], for example 0.01.", output, StringComparison.Ordinal);
        Assert.Empty(Server.Matcher.Calibrations);
    }

    [Fact]
    public async Task ACalibrationLargerThanTheServiceTakesInOneMessageIsSentInSeveral()
    {
        // 12 pictures of 640 KB (noise: no encoding makes them smaller), 7.5 MiB; the fake service keeps gRPC's 4 MiB.
        WriteNoisePictures(["a", "b", "c"], perLabel: 4, side: 800);

        var (exitCode, output) = await CliRunner.RunAsync("calibrate", Root, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        // Before: one call, refused by the service past its limit ("use fewer images per label").
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(3, Assert.Single(Server.Matcher.CalibrationMessages)); // 4 pictures (2.5 MiB) in each
        var request = Assert.Single(Server.Matcher.Calibrations);
        Assert.Equal(12, request.Images.Count);
        Assert.Equal("acme", Assert.Single(Server.Matcher.Tenants));
        Assert.Contains("18 genuine and 48 impostor pairs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServiceFromBeforeTheStreamGetsOneCallAndItsRefusalOfTheSizeSaysWhatToDo()
    {
        WriteNoisePictures(["a", "b", "c"], perLabel: 4, side: 800);
        Server.Matcher.WithoutCalibrateStream = true;

        var (exitCode, output) = await CliRunner.RunAsync("calibrate", Root, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("calibrate: the images make more than this service takes in one call, and it predates calibrations sent in several messages (too large:", output, StringComparison.Ordinal);
        Assert.Contains("use fewer images per label (--per-label) or smaller ones", output, StringComparison.Ordinal);

        // Within its limit, the old call answers.
        Directory.Delete(Root, recursive: true);
        SyntheticDataset.Generate(Root, classes: 3, perClass: 4, seed: 5);
        (exitCode, output) = await CliRunner.RunAsync("calibrate", Root, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);
        Assert.True(ExitCodes.Success == exitCode, output);
        Assert.Equal(12, Assert.Single(Server.Matcher.Calibrations).Images.Count);
        Assert.Contains("threshold 0.4000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APictureLargerThanTheServiceTakesIsRefusedSayingSo()
    {
        // 2,200 × 2,200 noise: 4.6 MiB in one picture, past the fake service's 4 MiB for one message.
        WriteNoisePictures(["a"], perLabel: 1, side: 2200);
        WriteNoisePictures(["b"], perLabel: 2, side: 100);

        var (exitCode, output) = await CliRunner.RunAsync("calibrate", Root, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.True(ExitCodes.BadInput == exitCode, output);
        Assert.Contains("an image is larger than the service takes; use smaller ones (camera crops rather than whole frames).", output, StringComparison.Ordinal);
        Assert.Empty(Server.Matcher.Calibrations);
    }

    [Fact]
    public async Task ACalibrationTheServiceRefusesEndsWithItsAnswerNotAtTheCallsDeadline()
    {
        // Before: now and then (one call in a few hundred here, more under load) the write of the next message to a
        // stream the service had already refused waited for the call's deadline, half an hour; the check run hung on it. A race:
        // this catches it in about one test run in three with the old write, not always.
        WriteNoisePictures(["a"], perLabel: 1, side: 2200);
        WriteNoisePictures(["b"], perLabel: 2, side: 100);

        for (var run = 0; run < 150; run++)
        {
            var (exitCode, output) = await CliRunner.RunWithinAsync(TimeSpan.FromSeconds(30), "calibrate", Root, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

            Assert.True(ExitCodes.BadInput == exitCode, $"run {run}: {output}");
        }

        Assert.Empty(Server.Matcher.Calibrations);
    }

    [Fact]
    public async Task APictureUnderTwoLabelsIsLeftOutOfTheCalibrationAndNamed()
    {
        var images = SyntheticDataset.Generate(Root, classes: 3, perClass: 4, seed: 5);
        File.Copy(images[0].Path, Path.Combine(Root, "item-002", "copy.png"));

        var (exitCode, output) = await CliRunner.RunAsync(
            "calibrate", Root, "--target-far", "0.01", "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        // Before: both copies were sent, an impostor pair at distance 0 (the service then stored a threshold of 0).
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Left out: 1 picture found under two classes or more, every copy (item-001/01.png = item-002/copy.png)", output, StringComparison.Ordinal);
        Assert.Equal(11, Assert.Single(Server.Matcher.Calibrations).Images.Count);
    }

    [Fact]
    public async Task PointedAtAnHttp1PortTheCliSaysSoOnceAndNamesTheGrpcPort()
    {
        SyntheticDataset.Generate(Root, classes: 4, perClass: 3, seed: 5);
        await using var web = await StartHttp1ServerAsync();

        var address = web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        var (exitCode, output) = await CliRunner.RunAsync("enroll", Root, "--server", address);

        Assert.Equal(ExitCodes.ServiceUnavailable, exitCode);
        Assert.True(output.Contains("speaks HTTP/1.1, not gRPC", StringComparison.Ordinal), output);
        Assert.Contains(CliOptions.DefaultServer, output, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP_1_1_REQUIRED", output, StringComparison.Ordinal);
        Assert.True(output.Split('\n').Length < 6, output);
    }

    [Fact]
    public async Task AnUnavailableCallToAnAddressThatAnswersHttp1IsNamedTheWebPortWhateverTheTransportSaid()
    {
        await using var web = await StartHttp1ServerAsync();
        var address = new Uri(web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        using var webPort = new MatcherConnection(address, apiKey: null);
        using var grpcPort = new MatcherConnection(Server.Address, apiKey: null);
        // What a call sees when the server closed the connection before its answer could be read.
        var closed = new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "Error starting gRPC call. HttpRequestException: The response ended prematurely."));

        Assert.True(webPort.AnswersHttp1());
        Assert.False(grpcPort.AnswersHttp1());
        Assert.Contains("speaks HTTP/1.1, not gRPC", RpcErrors.DescribeFatal(closed, webPort), StringComparison.Ordinal);
        Assert.StartsWith("match service unavailable", RpcErrors.DescribeFatal(closed, grpcPort), StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartHttp1ServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.MapGet("/", () => "a web page");
        await app.StartAsync();
        return app;
    }

    private void WriteNoisePictures(string[] labels, int perLabel, int side)
    {
        var random = new Random(5);
        foreach (var label in labels)
        {
            Directory.CreateDirectory(Path.Combine(Root, label));
            for (var i = 0; i < perLabel; i++)
            {
                var pixels = new byte[side * side];
                random.NextBytes(pixels);
                File.WriteAllBytes(Path.Combine(Root, label, $"{i}.pgm"), [.. System.Text.Encoding.ASCII.GetBytes($"P5\n{side} {side}\n255\n"), .. pixels]);
            }
        }
    }
}
