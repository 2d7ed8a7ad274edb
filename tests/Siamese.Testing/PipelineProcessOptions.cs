namespace Siamese.Testing;

/// <summary>What the four service processes of <see cref="PipelineProcesses"/> run with.</summary>
public sealed record PipelineProcessOptions
{
    /// <summary>The broker every hop goes through.</summary>
    public required Uri RabbitMq { get; init; }

    /// <summary>The embedding model (<c>Models:Embedding</c> of every host: embed runs it, detect reads its crop rule, match its threshold).</summary>
    public required string ModelPath { get; init; }

    /// <summary>YuNet (<c>Models:YuNet</c> of detect and match), for models trained on YuNet-aligned faces; null: none.</summary>
    public string? YuNetModelPath { get; init; }

    /// <summary>Match's embedded index folder.</summary>
    public required string IndexDirectory { get; init; }

    /// <summary>UltraFace (<c>Models:UltraFace</c> of detect and match), for cameras that ask for it; null: none.</summary>
    public string? UltraFaceModelPath { get; init; }

    /// <summary>More environment for detect (for example a camera's detector), on top of the rest.</summary>
    public IReadOnlyDictionary<string, string> DetectEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>More environment for match, on top of the rest.</summary>
    public IReadOnlyDictionary<string, string> MatchEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>More environment for all four hosts (for example the security settings: key store, service key).</summary>
    public IReadOnlyDictionary<string, string> CommonEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long each host may take to report ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
