using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Siamese.Imaging;
using Siamese.Protos.V1;
using Siamese.Standalone;

namespace Siamese.Deploy.Tests;

/// <summary>
/// The standalone host (every service, every meter) on a test server after the work operators watch: enrolments, an
/// identify answered known and one answered unknown, and a camera frame through ingest → detect → embed → match over
/// the in-process bus. Then its <c>/metrics</c> is scraped once for the tests that read it.
/// </summary>
public sealed class ObservedSystem : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The Prometheus text of the scrape after the work.</summary>
    public string Metrics { get; private set; } = "";

    /// <summary>The series names in <see cref="Metrics"/> (name_bucket, name_total, ... as Prometheus stores them).</summary>
    public IReadOnlySet<string> SeriesNames { get; private set; } = new HashSet<string>();

    public async Task InitializeAsync()
    {
        var model = PixelModel.Write(Path.Combine(_data.Path, "pixels.onnx"));
        _app = StandaloneHost.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestKeys.Settings(_data.Path))
            {
                ["Models:Embedding"] = model,
                ["Match:Embedded:DataDirectory"] = Path.Combine(_data.Path, "index"),
            });
        });
        await _app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _app.WaitReadyAsync(timeout.Token);
        var server = _app.GetTestServer();
        // As operators run it: with API keys (probes and /metrics answer without one; the work is a tenant's).
        var key = TestKeys.For(_app.Services, "default");
        Http = TestKeys.Http(server, key);
        Channel = TestKeys.Channel(server, key);

        var matcher = new Matcher.MatcherClient(Channel);
        await matcher.EnrollAsync(new EnrollRequest { SubjectId = "dark", Images = { Png(Gradient(40)) } });
        await matcher.EnrollAsync(new EnrollRequest { SubjectId = "light", Images = { Png(Gradient(200)) } });
        await matcher.IdentifyAsync(new IdentifyRequest { Image = Png(Gradient(195)) });
        await matcher.IdentifyAsync(new IdentifyRequest { Image = Png(Gradient(120)), Threshold = 1e-6f });

        var camera = new FrameClient(Http, null);
        var frame = await camera.PostAsync(ImageEncoder.EncodePng(Gradient(45)), "door-1", cancellationToken: timeout.Token);
        var result = await camera.WaitAsync(frame, TimeSpan.FromMilliseconds(50), timeout.Token);
        if (!string.Equals(result.Status, "done", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The camera frame ended {result.Status}: {result.Reason}");
        }

        Metrics = await Http.GetStringAsync(new Uri(ServiceDefaults.DefaultEndpoints.MetricsPath, UriKind.Relative));
        SeriesNames = Metrics.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }

    private static ByteString Png(GrayImage image) => ByteString.CopyFrom(ImageEncoder.EncodePng(image));

    /// <summary>A 92×112 picture whose level rises from <paramref name="level"/> left to right.</summary>
    private static GrayImage Gradient(int level) =>
        new(92, 112, [.. Enumerable.Range(0, 92 * 112).Select(i => (float)Math.Clamp(level + (i % 92 / 4), 0, 255))]);
}
