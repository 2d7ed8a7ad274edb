using Google.Protobuf;
using Grpc.Net.Client;
using Siamese.LoadGen;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.EndToEnd.Tests;

/// <summary>
/// The distributed system for the end-to-end tests: ingest, detect, embed and match as four processes on loopback
/// ports, talking over the real RabbitMQ; the ORL gallery (image 1 of each subject) enrolled through match's gRPC.
/// </summary>
public sealed class Pipeline : IAsyncLifetime
{
    /// <summary>A camera whose detector is "regions" with none configured: its frames fail in detect.</summary>
    public const string CameraWithoutRegions = "no-regions";

    public const string ModelVariable = "SIAMESE_ORL_MODEL";

    private readonly List<ServiceProcess> _services = [];
    private readonly string _work = Path.Combine(Path.GetTempPath(), "siamese-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Null when the tests must skip (no broker outside CI, or no ORL data); the reason is in <see cref="SkipReason"/>.</summary>
    public bool Running { get; private set; }

    public string? SkipReason { get; private set; }

    public string Tenant { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    public string ModelPath { get; private set; } = "";

    public string ModelDescription { get; private set; } = "";

    /// <summary>True with an ORL-trained model (<c>SIAMESE_ORL_MODEL</c>), false with the pixel stand-in.</summary>
    public bool TrainedModel { get; private set; }

    public string OrlRoot { get; private set; } = "";

    public HttpClient Ingest { get; private set; } = new();

    public FrameClient Frames => new(Ingest, Tenant);

    public async Task InitializeAsync()
    {
        if (SharedData.OrlFaces is not { } orl || SharedData.UltraFaceModel is null)
        {
            SkipReason = "the ORL faces or the UltraFace model are not available";
            return;
        }

        if (!Broker.Available())
        {
            SkipReason = "RabbitMQ is not reachable";
            return;
        }

        OrlRoot = orl;
        Directory.CreateDirectory(_work);
        ModelPath = Environment.GetEnvironmentVariable(ModelVariable) is { Length: > 0 } trained
            ? trained
            : Siamese.LoadGen.PixelModel.Write(Path.Combine(_work, "pixels.onnx"));
        TrainedModel = Environment.GetEnvironmentVariable(ModelVariable) is { Length: > 0 };
        ModelDescription = TrainedModel
            ? $"ORL-trained model {ModelPath}"
            : $"pixel stand-in model (set {ModelVariable} for a trained one)";

        var (ingestHttp, detectHttp, detectGrpc, embedHttp, embedGrpc, matchHttp, matchGrpc) =
            (ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort(),
             ServiceProcess.FreePort(), ServiceProcess.FreePort(), ServiceProcess.FreePort());
        Dictionary<string, string> Env(int http, int? grpc, params (string, string)[] more)
        {
            var env = new Dictionary<string, string>
            {
                ["Messaging__Transport"] = "RabbitMq",
                ["Messaging__RabbitMqUri"] = Broker.Uri.ToString(),
                ["Messaging__RetryMinInterval"] = "00:00:00.100",
                ["Messaging__RetryMaxInterval"] = "00:00:01",
                ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{http}",
            };
            if (grpc is { } g)
            {
                env["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{g}";
            }

            foreach (var (k, v) in more)
            {
                env[k] = v;
            }

            return env;
        }

        _services.Add(ServiceProcess.Start("Siamese.Embed.Host", "embed", embedHttp, Env(embedHttp, embedGrpc, ("Embed__ModelPath", ModelPath))));
        _services.Add(ServiceProcess.Start("Siamese.Match.Host", "match", matchHttp, Env(matchHttp, matchGrpc,
            ("Match__EmbedAddress", $"http://127.0.0.1:{embedGrpc}"), ("Match__Embedded__DataDirectory", Path.Combine(_work, "index")),
            ("Embed__ModelPath", ModelPath))));
        _services.Add(ServiceProcess.Start("Siamese.Detect.Host", "detect", detectHttp, Env(detectHttp, detectGrpc,
            ("Detect__EmbeddingModelPath", ModelPath), ("Detect__UltraFaceModelPath", SharedData.UltraFaceModel),
            ($"Detect__Cameras__{CameraWithoutRegions}__Detector", "Regions"))));
        _services.Add(ServiceProcess.Start("Siamese.Ingest.Host", "ingest", ingestHttp, Env(ingestHttp, null)));
        foreach (var service in _services)
        {
            await service.WaitReadyAsync(TimeSpan.FromMinutes(2));
        }

        Ingest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ingestHttp}"), Timeout = TimeSpan.FromMinutes(1) };
        await EnrollGalleryAsync(matchGrpc);
        Running = true;
    }

    public string Logs => string.Join(Environment.NewLine, _services.Select(s => $"--- {s.Name}{Environment.NewLine}{s.Output}"));

    public async Task DisposeAsync()
    {
        Ingest.Dispose();
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private async Task EnrollGalleryAsync(int matchGrpc)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{matchGrpc}");
        var matcher = new Matcher.MatcherClient(channel);
        foreach (var (subject, path) in OrlScenes.Gallery(OrlRoot))
        {
            var request = new EnrollRequest { Tenant = Tenant, SubjectId = subject };
            request.Images.Add(ByteString.CopyFrom(await File.ReadAllBytesAsync(path)));
            await matcher.EnrollAsync(request);
        }
    }
}
