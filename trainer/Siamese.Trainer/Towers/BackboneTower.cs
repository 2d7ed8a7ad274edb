using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The trained part of the backbone tower: the head on the fixed ResNet18 features. In TorchSharp it reads features
/// laid out as [N,1,1,F] (so the training loop, the validator and the embedder treat a feature vector as a one-row
/// image); the exported model puts the backbone in front of it (<see cref="Onnx.BackboneExporter"/>). Features are
/// scaled to unit length first (the pooled activations vary in scale from photo to photo), then a linear map to D
/// and unit length again. When the features carry the last block's whole map, the head pools it first (<see
/// cref="MapPool"/>); with <see cref="BackbonePooling.Both"/> two such heads, one per pooling, each on its own loss,
/// serve their embeddings concatenated (<see cref="MemberConcat"/>, 2·D values).
/// </summary>
public sealed class BackboneTower : Tower
{
    /// <summary>F of the package's ResNet18 (its pooled last block).</summary>
    public const int ResNet18Features = 512;

    /// <summary>
    /// F when the features pool <paramref name="stages"/> of ResNet18's stages, the last first (<see
    /// cref="Onnx.BackboneGraph.Stages"/>): 512, then 256, 128 and 64 more.
    /// </summary>
    public static int FeatureLengthOf(int stages, BackbonePooling pooling = BackbonePooling.Average) => stages switch
    {
        >= 1 and <= 4 => (pooling.ReadsMap() ? ResNet18Features * ResNet18MapSide * ResNet18MapSide : ResNet18Features) + EarlierLengthOf(stages),
        _ => throw new ArgumentOutOfRangeException(nameof(stages), stages, "--feature-stages must be between 1 and 4."),
    };

    /// <summary>Side of ResNet18's last-block map at 224×224: what attention pooling weighs (7×7 places).</summary>
    public const int ResNet18MapSide = 7;

    /// <summary>Values the stages before the last add: 256, then 128 and 64 more.</summary>
    private static int EarlierLengthOf(int stages) => new[] { 0, 256, 256 + 128, 256 + 128 + 64 }[stages - 1];

    /// <summary>D when none is asked for.</summary>
    public const int DefaultEmbeddingDimension = 128;

    // The field name is the prefix of every weight name in a checkpoint: never rename it.
    private readonly Sequential layers;

    public BackboneTower(TowerOptions options) : base(nameof(BackboneTower))
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InputHeight != 1 || options.Channels != 1)
        {
            throw new ArgumentException($"The backbone head reads features [N,1,1,F], not {options.Channels}×{options.InputHeight}×{options.InputWidth} inputs.", nameof(options));
        }

        if (options.Mirror)
        {
            throw new ArgumentException("--mirror applies to the conv tower only.", nameof(options));
        }

        Options = options;
        FeatureLength = options.InputWidth;
        HeadDimension = options.EmbeddingDimension > 0 ? options.EmbeddingDimension : DefaultEmbeddingDimension;
        Members = options.Pooling == BackbonePooling.Both ? 2 : 1;
        EmbeddingDimension = HeadDimension * Members;
        var dropout = options.Dropout >= 0 ? options.Dropout : 0.0;
        const int mapLength = ResNet18Features * ResNet18MapSide * ResNet18MapSide;
        if (options.Pooling.ReadsMap() && FeatureLength < mapLength)
        {
            throw new ArgumentException($"{options.Pooling} pooling reads ResNet18's {ResNet18Features}×{ResNet18MapSide}×{ResNet18MapSide} map first; {FeatureLength} features are fewer.", nameof(options));
        }

        // After the map: the earlier stages' pooled vectors, which a map-pooling head passes through.
        var rest = FeatureLength - mapLength;

        layers = options.Pooling switch
        {
            BackbonePooling.Average => Head(null, dropout),
            BackbonePooling.Attention => Head(("attention", new AttentionPool(ResNet18Features, ResNet18MapSide, rest)), dropout),
            BackbonePooling.Both => nn.Sequential(("members", new MemberConcat(
            [
                Head(("average", new PlaceAverage(ResNet18Features, ResNet18MapSide, rest)), dropout),
                Head(("attention", new AttentionPool(ResNet18Features, ResNet18MapSide, rest)), dropout),
            ]))),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Pooling, "Unknown pooling."),
        };
        RegisterComponents();
    }

    public override TowerOptions Options { get; }

    /// <summary>F: the length of the backbone's feature vector this head reads (with attention pooling, the last block's map first).</summary>
    public int FeatureLength { get; }

    /// <summary>D of each head: the embedding's length, or with two heads (<see cref="BackbonePooling.Both"/>) half of it.</summary>
    public int HeadDimension { get; }

    public override int EmbeddingDimension { get; }

    public override Sequential Layers => layers;

    /// <summary>2 with <see cref="BackbonePooling.Both"/> (a head per pooling, each on its own loss), else 1.</summary>
    public override int Members { get; }

    public override Tensor forward(Tensor input) => layers.call(input);

    /// <summary>
    /// One head: the pooling of the last block's map when the features carry it (else none: the features are pooled
    /// already), then unit length, dropout, the linear map to D and unit length again.
    /// </summary>
    private Sequential Head((string Name, MapPool Module)? pool, double dropout)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var pooledLength = FeatureLength;
        if (pool is { } p)
        {
            modules.Add((p.Name, p.Module));
            pooledLength = p.Module.OutputLength;
        }

        modules.Add(("flatten", nn.Flatten()));
        modules.Add(("unit", new L2Normalize()));
        if (dropout > 0)
        {
            modules.Add(("drop", nn.Dropout(dropout)));
        }

        modules.Add(("fc", nn.Linear(pooledLength, HeadDimension)));
        modules.Add(("l2norm", new L2Normalize()));
        return nn.Sequential(modules);
    }

    /// <summary>Sets the linear map [D,F] and bias [D] (from <see cref="BackboneHeadFit"/>).</summary>
    public void SetProjection(Tensor weight, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        var fc = layers.named_children().SingleOrDefault(c => c.name == "fc").module as Linear
            ?? throw new InvalidOperationException("The head has no single linear layer (a closed-form fit needs --pooling average).");
        using var _ = no_grad();
        fc.weight!.copy_(weight.to_type(ScalarType.Float32));
        fc.bias!.copy_(bias.to_type(ScalarType.Float32));
    }
}
