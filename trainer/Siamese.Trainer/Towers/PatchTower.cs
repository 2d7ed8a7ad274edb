using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The default tower for aligned faces: <see cref="PatchWhitening"/> — nine overlapping half-size patches (with
/// <see cref="TowerOptions.PatchScales"/> 2, each also at half resolution: 18), each projected by its own
/// linear map to k values and normalised — then unit length. Its weights are fitted in closed form by
/// <see cref="PatchFit"/> (per patch: principal components, then whitening of the within-identity scatter), not by
/// gradient steps. Measured on ORL (README): with 30 training identities, 10-way one-shot on 10 unseen identities
/// goes from ~86% (the convolutional tower, which memorises its few training identities) to ~97%. With
/// <see cref="TowerOptions.EmbeddingDimension"/> D, k = D / (9 · scales); otherwise k = <see cref="DefaultPatchDimensionAt"/>.
/// </summary>
public sealed class PatchTower : Tower
{
    /// <summary>k, values per patch with one scale: 9 × 80 = 720-dimensional embeddings.</summary>
    public const int DefaultPatchDimension = 80;

    /// <summary>k, values per patch with two scales: 18 × 60 = 1,080-dimensional embeddings (trainer README, "Two scales").</summary>
    public const int DefaultTwoScalePatchDimension = 60;

    /// <summary>k when --embedding-dim leaves it open.</summary>
    public static int DefaultPatchDimensionAt(int scales) => scales == 1 ? DefaultPatchDimension : DefaultTwoScalePatchDimension;

    // The field name is the prefix of every weight name in a checkpoint: never rename it.
    private readonly Sequential layers;

    public PatchTower(TowerOptions options) : base(nameof(PatchTower))
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        if (options.InputHeight < 2 * PatchWhitening.GridSize || options.InputWidth < 2 * PatchWhitening.GridSize)
        {
            throw new ArgumentException($"Input {options.InputHeight}×{options.InputWidth} is too small for the patch tower: height and width must be at least {2 * PatchWhitening.GridSize}.", nameof(options));
        }

        if (options.Channels != 1)
        {
            throw new ArgumentException("The patch tower takes gray images (1 channel): it was built for aligned faces.", nameof(options));
        }

        if (options.Mirror)
        {
            throw new ArgumentException("--mirror applies to the conv tower only.", nameof(options));
        }

        var regions = PatchWhitening.Regions(PatchWhitening.Grid(options.InputHeight, options.InputWidth), options.PatchScales);
        var k = options.EmbeddingDimension > 0 ? Math.Max(1, options.EmbeddingDimension / regions.Count) : DefaultPatchDimensionAt(options.PatchScales);
        var whitening = new PatchWhitening(options.InputHeight, options.InputWidth, k, regions, trainable: false);
        EmbeddingDimension = whitening.OutputDimension;
        layers = nn.Sequential(("whiten", whitening), ("l2norm", new L2Normalize()));
        RegisterComponents();
    }

    public override TowerOptions Options { get; }

    public override int EmbeddingDimension { get; }

    public override Sequential Layers => layers;

    /// <summary>The projection <see cref="PatchFit"/> sets.</summary>
    public PatchWhitening Whitening => layers.children().OfType<PatchWhitening>().Single();

    public override Tensor forward(Tensor input) => layers.call(input);
}
