using System.Globalization;

namespace Siamese.Trainer.Training;

/// <summary>
/// How the face tower is trained after its closed-form start (measured on ORL and Yale by cross-validation over the
/// training identities; trainer README): steps of P identities × K images, every pair of a step in the contrastive
/// loss with a double margin, a small learning rate so that training refines the fit instead of replacing it.
/// </summary>
public sealed record FaceTrainingSettings
{
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Impostor pairs closer than this are pushed apart (unit embeddings: distances in [0, 2]).</summary>
    public double Margin { get; init; } = 1.2;

    /// <summary>Genuine pairs farther apart than this are pulled in; closer ones are left alone.</summary>
    public double PositiveMargin { get; init; } = 0.8;

    public int Epochs { get; init; } = 10;

    /// <summary>Epochs with --quick (tests and smoke runs).</summary>
    public const int QuickEpochs = 2;

    /// <summary>Images of one identity in a step (K).</summary>
    public int ImagesPerIdentity { get; init; } = 4;

    /// <summary>Images in a step (P·K).</summary>
    public int ImagesPerStep { get; init; } = 64;

    /// <summary>Steps per epoch: each training image about this many times per epoch …</summary>
    public int ViewsPerImage { get; init; } = 4;

    /// <summary>… but no fewer steps than this (small sets) …</summary>
    public int MinimumSteps { get; init; } = 10;

    /// <summary>… and no more (large sets stay within minutes).</summary>
    public int MaximumSteps { get; init; } = 60;

    /// <summary>Steps per epoch for this many training images.</summary>
    public int StepsPerEpoch(int trainImages) => Math.Clamp((int)Math.Ceiling((double)ViewsPerImage * trainImages / ImagesPerStep), MinimumSteps, MaximumSteps);

    /// <summary>The options the face tower trains with (its own loss, rate, margins and budget; the rest as given).</summary>
    public TrainOptions Apply(TrainOptions options, int trainImages)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pairsPerStep = ImagesPerStep / 2;
        return options with
        {
            Pairs = PairScheme.Batch,
            Loss = LossKind.Contrastive,
            LearningRate = LearningRate,
            Margin = Margin,
            PositiveMargin = PositiveMargin,
            Epochs = options.Quick ? Math.Min(QuickEpochs, Epochs) : Epochs,
            BatchSize = pairsPerStep,
            PairsPerEpoch = StepsPerEpoch(trainImages) * pairsPerStep,
            Patience = 0,
            WeightDecay = 0,
            Optimizer = OptimizerKind.Adam,
        };
    }

    /// <summary>One line for the run's log.</summary>
    public string Describe(int trainImages) => string.Create(
        CultureInfo.InvariantCulture,
        $"contrastive loss over every pair of each step (impostors pushed beyond {Margin}, genuine pairs pulled within {PositiveMargin}), " +
        $"learning rate {LearningRate:G3}, up to {Epochs} epochs (as many as held-out training identities say help) × {StepsPerEpoch(trainImages)} steps of {ImagesPerStep / ImagesPerIdentity} identities × {ImagesPerIdentity} images " +
        $"(about {ViewsPerImage} views of each of the {trainImages} training images per epoch)");
}
