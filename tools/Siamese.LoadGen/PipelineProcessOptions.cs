namespace Siamese.LoadGen;

/// <summary>What the four service processes of <see cref="PipelineProcesses"/> run with.</summary>
public sealed record PipelineProcessOptions
{
    /// <summary>The broker every hop goes through.</summary>
    public required Uri RabbitMq { get; init; }

    /// <summary>The embedding model (embed, match's model info, detect's crop size).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Match's embedded index folder.</summary>
    public required string IndexDirectory { get; init; }

    /// <summary>Detect's UltraFace model; null: detect's own default.</summary>
    public string? UltraFaceModelPath { get; init; }

    /// <summary>More environment for detect (for example a camera's detector), on top of the rest.</summary>
    public IReadOnlyDictionary<string, string> DetectEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>More environment for match (for example its YuNet model for aligned crops), on top of the rest.</summary>
    public IReadOnlyDictionary<string, string> MatchEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>More environment for all four hosts (for example the security settings: key store, service key).</summary>
    public IReadOnlyDictionary<string, string> CommonEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long each host may take to report ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
