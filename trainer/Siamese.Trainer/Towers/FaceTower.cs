using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The default tower for aligned faces. Each patch of the face (<see cref="FaceTowerDesign.Regions"/>) has its own
/// linear map to k values, scaled to unit length (<see cref="PatchWhitening"/>, trainable here); with
/// <see cref="FaceTowerDesign.MirrorSum"/> (<c>--mirror</c>) the maps see the face and its mirror image and the two are
/// summed; the result has unit length. Training starts from the closed-form fit of the patch tower
/// (<see cref="PatchFit"/>, on the training faces, and with --mirror their mirror images) and continues with a
/// contrastive-family loss for as many epochs as held-out training identities say help (FaceTraining).
/// With a <see cref="TowerOptions.ConvShare"/> s > 0 the maps stay as fitted and a conv companion (the conv tower's
/// blocks at the same input, <see cref="ConvTower"/>) trains instead, on its own embedding; the tower's embedding joins
/// the two (<see cref="ShareConcat"/>) once the companion has trained (<see cref="JoinCompanion"/>): until then it is
/// the maps' alone, followed by zeros.
/// </summary>
public sealed class FaceTower : Tower
{
    // The field name is the prefix of every weight name in a checkpoint: never rename it.
    private readonly Sequential layers;

    public FaceTower(TowerOptions options) : this(options, new FaceTowerDesign(MirrorSum: options.Mirror))
    {
    }

    public FaceTower(TowerOptions options, FaceTowerDesign design) : base(nameof(FaceTower))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(design);
        Options = options;
        Design = design;
        if (options.InputHeight < 2 * PatchWhitening.GridSize || options.InputWidth < 2 * PatchWhitening.GridSize)
        {
            throw new ArgumentException($"Input {options.InputHeight}×{options.InputWidth} is too small for the face tower: height and width must be at least {2 * PatchWhitening.GridSize}.", nameof(options));
        }

        var regions = PatchWhitening.Regions(design.Regions(options.InputHeight, options.InputWidth), options.PatchScales);
        var k = options.EmbeddingDimension > 0 ? Math.Max(1, options.EmbeddingDimension / regions.Count) : PatchTower.DefaultPatchDimensionAt(options.PatchScales);
        if (options.ConvShare > 0 && design.MirrorSum)
        {
            throw new ArgumentException("The face tower's mirror sum is its patch maps' own: a conv companion (ConvShare) goes without it.", nameof(options));
        }

        var whitening = new PatchWhitening(options.InputHeight, options.InputWidth, k, regions, trainable: options.ConvShare == 0);
        var maps = nn.Sequential(("whiten", whitening));
        if (options.ConvShare > 0)
        {
            var companion = ConvTower.Stack(new TowerOptions(TowerKind.Conv, options.InputHeight, options.InputWidth, Channels: options.Channels), out var companionDimension);
            companion.Add(("l2norm", new L2Normalize()));
            EmbeddingDimension = whitening.OutputDimension + companionDimension;
            layers = nn.Sequential(("joined", new ShareConcat(nn.Sequential(("maps", maps), ("l2norm", new L2Normalize())), nn.Sequential(companion), options.ConvShare)));
        }
        else
        {
            EmbeddingDimension = whitening.OutputDimension;
            layers = design.MirrorSum
                ? nn.Sequential(("mirror", new MirrorSum(maps, options.InputWidth, EmbeddingDimension)), ("l2norm", new L2Normalize()))
                : nn.Sequential(("maps", maps), ("l2norm", new L2Normalize()));
        }

        RegisterComponents();
    }

    public override TowerOptions Options { get; }

    public FaceTowerDesign Design { get; }

    public override int EmbeddingDimension { get; }

    public override Sequential Layers => layers;

    /// <summary>The maps the closed-form fit starts and training continues (looked up, not a field: a field would register them twice).</summary>
    public PatchWhitening Whitening => layers.modules().OfType<PatchWhitening>().Single();

    /// <summary>The join of the maps and the conv companion, when the tower has one.</summary>
    public ShareConcat? Companion => layers.modules().OfType<ShareConcat>().SingleOrDefault();

    /// <summary>From now on the conv companion counts in the embedding (the epochs that train it follow).</summary>
    public void JoinCompanion() => (Companion ?? throw new InvalidOperationException("This face tower has no conv companion.")).Join();

    /// <summary>
    /// The cohort scaling of the embedding outside training (<see cref="FaceCohort"/>), set once the tower has trained;
    /// null: none. Not a weight: it is computed again from the training faces (FaceTraining.CohortOf).
    /// </summary>
    public FaceCohort? Cohort { get; private set; }

    /// <summary>Sets (or, with null, removes) the cohort scaling of the embedding outside training.</summary>
    public void SetCohort(FaceCohort? cohort)
    {
        if (cohort is not null && cohort.Dimension != EmbeddingDimension)
        {
            throw new ArgumentException($"A cohort of {cohort.Dimension}-value embeddings cannot scale this tower's {EmbeddingDimension}.", nameof(cohort));
        }

        Cohort?.Dispose();
        Cohort = cohort;
    }

    /// <summary>
    /// Training a tower with a companion: the companion's own unit-length embedding, which the loss trains (the maps
    /// stay as fitted). Otherwise: the tower's embedding, and outside training scaled by its cohort if it has one.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        if (training && Companion is { } companion)
        {
            return companion.Second.call(input);
        }

        if (training || Cohort is null)
        {
            return layers.call(input);
        }

        using var scope = NewDisposeScope();
        return Cohort.Apply(layers.call(input)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            SetCohort(null);
        }

        base.Dispose(disposing);
    }
}
