using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Four conv blocks (3×3 same-padding conv without bias, BatchNorm, ReLU, 2×2 max-pool; 16/32/64/128 filters), then
/// flatten and L2 normalisation: the embedding is the grid of local descriptors itself (128 × 3 × 2 = 768 values at
/// 56×46). A dense layer to D is added only when a dimension is asked for: measured on ORL (25 training identities),
/// the dense head learns the training identities and loses ~10 points of one-shot accuracy on unseen ones
/// (81.6% → 91.9%, 10-way, seed 1). About 9 M multiply-adds per 56×46 image: minutes on two CPU cores.
/// With <see cref="TowerOptions.Members"/> M > 1 the tower holds M such stacks, each started from its own random
/// weights and trained on its own loss, and its embedding is theirs concatenated (<see cref="MemberConcat"/>).
/// With <see cref="TowerOptions.ServedShift"/> S > 0 it trains on the image alone and embeds, outside training, the
/// image and its four diagonal S-pixel shifts (<see cref="ShiftedViews"/>); the weights are the same either way.
/// </summary>
public sealed class ConvTower : Tower
{
    /// <summary>Kept for callers; 0 (the default) now means "no dense layer: the flattened descriptor grid".</summary>
    public const int DefaultEmbeddingDimension = 0;

    private static readonly int[] Filters = [16, 32, 64, 128];

    // The field name is the prefix of every weight name in a checkpoint: never rename it.
    private readonly Sequential layers;

    public ConvTower(TowerOptions options) : base(nameof(ConvTower))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Members);
        Options = options;
        var modules = Stack(options, out var dimension);
        EmbeddingDimension = dimension * options.Members;
        if (options.Members > 1)
        {
            // Each member is a whole stack ending in its own unit-length embedding, created one after another from
            // the same random stream, so each starts from other weights.
            var members = Enumerable.Range(0, options.Members)
                .Select(m => nn.Sequential(m == 0 ? modules : Stack(options, out _)))
                .ToArray();
            // Each member's embedding is unit length and the join scales them by 1/√M: already unit length.
            modules = [("members", new MemberConcat(members))];
        }
        else
        {
            modules.Add(("l2norm", new L2Normalize()));
        }

        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    public override int Members => Options.Members;

    /// <summary>One stack: the conv blocks, flatten, the optional dense layer and mirror sum; a member ends in L2 normalisation.</summary>
    internal static List<(string, nn.Module<Tensor, Tensor>)> Stack(TowerOptions options, out int dimension)
    {
        var dropout = options.Dropout >= 0 ? options.Dropout : 0.3;
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        int h = options.InputHeight, w = options.InputWidth, channels = options.Channels;
        for (var i = 0; i < Filters.Length; i++)
        {
            var block = i + 1;
            modules.Add(($"conv{block}", nn.Conv2d(channels, Filters[i], 3, padding: 1, bias: false)));
            modules.Add(($"bn{block}", new HeldBatchNorm2d(Filters[i])));
            modules.Add(($"relu{block}", nn.ReLU()));
            modules.Add(($"pool{block}", nn.MaxPool2d(2)));
            channels = Filters[i];
            h = TowerShape.Pool(h);
            w = TowerShape.Pool(w);
        }

        TowerShape.EnsurePositive(options, h, w, 16);
        modules.Add(("flatten", nn.Flatten()));
        dimension = options.EmbeddingDimension > 0 ? options.EmbeddingDimension : channels * h * w;
        if (options.EmbeddingDimension > 0)
        {
            modules.Add(("drop", nn.Dropout(dropout)));
            modules.Add(("fc", nn.Linear((long)channels * h * w, dimension)));
        }

        if (options.Mirror)
        {
            modules = [("mirror", new MirrorSum(nn.Sequential(modules), options.InputWidth, dimension))];
        }

        if (options.Members > 1)
        {
            modules.Add(("l2norm", new L2Normalize()));
        }

        return modules;
    }

    public override TowerOptions Options { get; }

    public override int EmbeddingDimension { get; }

    public override Sequential Layers => layers;

    /// <summary>
    /// Training: the image's embedding. Evaluation (validation, calibration, the report, the exported model): with a
    /// <see cref="TowerOptions.ServedShift"/>, the unit-length mean over the image and its shifts (<see cref="ShiftedViews"/>).
    /// </summary>
    public override Tensor forward(Tensor input) =>
        training || Options.ServedShift == 0 ? layers.call(input) : ShiftedViews.Embed(layers.call, input, Options.ServedShift);
}
