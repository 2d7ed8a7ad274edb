using Siamese.Model;

namespace Siamese.EndToEnd.Tests;

/// <summary>
/// The four hosts over the real RabbitMQ with an item model (the trained test model, whole-picture crops) and YuNet
/// configured as in production: cameras have no setting of their own. Two generated items are enrolled. Its hosts
/// publish transient messages (<c>Messaging__PersistentMessages=false</c>); the face pipeline's are persistent.
/// </summary>
public sealed class ItemPipeline : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private PipelineProcesses? _processes;

    public string? SkipReason { get; private set; }

    public string Tenant { get; } = "items-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Each item's photos (label → paths); the first of each is enrolled.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Items { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public FrameClient Frames { get; private set; } = null!;

    /// <summary>Match's REST API (identify a photo as a client would).</summary>
    public HttpClient Match { get; private set; } = null!;

    private HttpClient? _ingest;

    public async Task InitializeAsync()
    {
        SkipReason = Broker.Unavailable() ?? (TestModel.Path is null ? "No test model: " + TestModel.SkipReason : null);
        if (SkipReason is not null)
        {
            return;
        }

        Items = SyntheticDataset.Generate(Path.Combine(_work.Path, "items"), classes: 2, perClass: 3, seed: 20_261_130)
            .GroupBy(i => i.Label).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(i => i.Path)]);
        _processes = await PipelineProcesses.StartAsync(new PipelineProcessOptions
        {
            RabbitMq = Broker.Uri,
            ModelPath = TestModel.Path!,
            YuNetModelPath = SharedData.YuNetModel,
            IndexDirectory = Path.Combine(_work.Path, "index"),
            CommonEnvironment = new Dictionary<string, string> { ["Messaging__PersistentMessages"] = "false" },
        });
        var key = await _processes.CreateTenantKeyAsync(Tenant);
        await _processes.EnrollAsync(key, Items.Select(i => (i.Key, i.Value[0])));
        _ingest = new HttpClient { BaseAddress = _processes.Ingest, Timeout = TimeSpan.FromMinutes(1) };
        Frames = new FrameClient(_ingest, key);
        Match = new HttpClient { BaseAddress = _processes.MatchHttp, Timeout = TimeSpan.FromMinutes(1) };
        Match.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public string Logs => _processes?.Logs ?? "";

    public async Task DisposeAsync()
    {
        _ingest?.Dispose();
        Match?.Dispose();
        if (_processes is not null)
        {
            await _processes.DisposeAsync();
        }

        _work.Dispose();
    }
}
