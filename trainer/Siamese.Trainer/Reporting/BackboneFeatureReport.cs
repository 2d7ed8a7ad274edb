namespace Siamese.Trainer.Reporting;

/// <summary>
/// The backbone tower's feature step: images (views) run through ResNet18 in this run and how fast, those found in
/// the cache, and seconds of head training alone. <c>train_seconds</c> of the report is head + computed features.
/// <see cref="UntrainedOneShot"/> and <see cref="UntrainedGallery"/> are the same tests on the backbone's own
/// features (unit length, no head): what the trained head adds. <see cref="ValidationOneShot"/> and
/// <see cref="ValidationGallery"/>: the same tests on the validation identities, by which options are chosen.
/// <see cref="TestViews"/> (<c>--report-test-views</c>): the test figures with test and gallery images embedded as the mean of several views.
/// <see cref="ServedViews"/>: views the exported model embeds per image (1: the image; 2: with its centre zoom); the
/// report's figures are of that served embedding. <see cref="FeatureStages"/>: how many of ResNet18's stages the features
/// pool (1: the last block). <see cref="Pooling"/>: how the last block is pooled, "average", "attention" or "both".
/// </summary>
public sealed record BackboneFeatureReport(
    string Backbone,
    int Channels,
    int Views,
    int FeatureLength,
    int Computed,
    int Cached,
    double FeatureSeconds,
    double ImagesPerSecond,
    double HeadSeconds,
    double BackboneParityMaxAbsDifference,
    Evaluation.OneShotResult UntrainedOneShot,
    Evaluation.OneShotResult? UntrainedGallery,
    Evaluation.OneShotResult? ValidationOneShot = null,
    Evaluation.OneShotResult? ValidationGallery = null,
    IReadOnlyList<Backbone.TestViewFigure>? TestViews = null,
    int ServedViews = 1,
    int FeatureStages = 1,
    string Pooling = "average");
