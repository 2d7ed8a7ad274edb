using Google.Protobuf;
using Grpc.Net.Client;
using Siamese.Model;
using Siamese.Onnx;
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

    private readonly string _work = Path.Combine(Path.GetTempPath(), "siamese-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private PipelineProcesses? _processes;

    /// <summary>False when the tests must skip (no broker outside CI, or no ORL data or YuNet); the reason is in <see cref="SkipReason"/>.</summary>
    public bool Running { get; private set; }

    public string? SkipReason { get; private set; }

    public string Tenant { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    public string ModelPath { get; private set; } = "";

    public string ModelDescription { get; private set; } = "";

    /// <summary>True with an ORL-trained model (<c>SIAMESE_ORL_MODEL</c>), false with the pixel stand-in.</summary>
    public bool TrainedModel { get; private set; }

    /// <summary>How the model's training images were cut (<c>siamese.crop</c>): <see cref="ModelCrops.YuNetAligned"/> or <see cref="ModelCrops.Resize"/>.</summary>
    public string ModelCrop { get; private set; } = ModelCrops.Resize;

    public string OrlRoot { get; private set; } = "";

    public HttpClient Ingest { get; private set; } = new();

    /// <summary>A key of <see cref="Tenant"/> (the camera owner's): every call to the hosts carries it.</summary>
    public string ApiKey { get; private set; } = "";

    public FrameClient Frames => new(Ingest, ApiKey);

    public async Task InitializeAsync()
    {
        SkipReason = SharedDataFactAttribute.MissingSharedData(yuNet: true, orl: true, ultraFace: false) ?? Broker.Unavailable();
        if (SkipReason is not null)
        {
            return;
        }

        OrlRoot = SharedData.OrlFaces!;
        Directory.CreateDirectory(_work);
        ModelPath = Environment.GetEnvironmentVariable(ModelVariable) is { Length: > 0 } trained
            ? trained
            : PixelModel.Write(Path.Combine(_work, "pixels.onnx"), crop: ModelCrops.YuNetAligned);
        TrainedModel = Environment.GetEnvironmentVariable(ModelVariable) is { Length: > 0 };
        ModelCrop = OnnxModelFile.ReadMetadata(ModelPath).Crop;

        ModelDescription = TrainedModel
            ? $"ORL-trained model {ModelPath}"
            : $"pixel stand-in model (set {ModelVariable} for a trained one)";

        _processes = await PipelineProcesses.StartAsync(new PipelineProcessOptions
        {
            RabbitMq = Broker.Uri,
            ModelPath = ModelPath,
            IndexDirectory = Path.Combine(_work, "index"),
            YuNetModelPath = SharedData.YuNetModel,
            UltraFaceModelPath = SharedData.UltraFaceModel,
            DetectEnvironment = new Dictionary<string, string> { [$"Detect__Cameras__{CameraWithoutRegions}__Detector"] = "Regions" },
        });
        Ingest = new HttpClient { BaseAddress = _processes.Ingest, Timeout = TimeSpan.FromMinutes(1) };
        ApiKey = await _processes.CreateTenantKeyAsync(Tenant);
        await EnrollGalleryAsync(_processes.MatchGrpc);
        Running = true;
    }

    public string Logs => _processes?.Logs ?? "";

    public async Task DisposeAsync()
    {
        Ingest.Dispose();
        if (_processes is not null)
        {
            await _processes.DisposeAsync();
        }

        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private async Task EnrollGalleryAsync(Uri matchGrpc)
    {
        using var channel = GrpcChannel.ForAddress(matchGrpc);
        var matcher = new Matcher.MatcherClient(channel);
        foreach (var (subject, path) in OrlScenes.Gallery(OrlRoot))
        {
            var request = new EnrollRequest { SubjectId = subject };
            request.Images.Add(ByteString.CopyFrom(await File.ReadAllBytesAsync(path)));
            await matcher.EnrollAsync(request, new Grpc.Core.Metadata { { "x-api-key", ApiKey } });
        }
    }
}
