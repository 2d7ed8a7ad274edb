using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>Every setting of a training run; written into the report (config) and the checkpoints.</summary>
public sealed record TrainOptions
{
    /// <summary>Folder per class. Null with <see cref="Synthetic"/>.</summary>
    public string? Data { get; init; }

    public bool Synthetic { get; init; }

    public int SyntheticClasses { get; init; } = 40;

    public int SyntheticPerClass { get; init; } = 10;

    public string Output { get; init; } = "artifacts/train";

    public TowerKind Tower { get; init; } = TowerKind.Conv;

    /// <summary>
    /// The tower when none is named, by the kind of data: aligned faces → the face tower (patch maps fitted in closed
    /// form, then trained with a contrastive-family loss); two-tone images (characters, symbols, line drawings:
    /// <see cref="Data.TwoToneProbe"/>) → the conv tower; photos and other images with gray levels, in colour or gray
    /// (items, the generated items, faces without a YuNet model) → the backbone tower (ImageNet ResNet18 features and a
    /// trained head).
    /// </summary>
    /// <param name="colour">The data is in colour (<see cref="Data.ColourProbe"/>): photos, whatever the tones.</param>
    /// <param name="twoTone">The data is gray and two-tone (<see cref="Data.TwoToneProbe"/>).</param>
    public static TowerKind DefaultTower(AlignMode align, bool colour = false, bool twoTone = false) =>
        align == AlignMode.YuNet ? TowerKind.Face : !colour && twoTone ? StrokeTower : TowerKind.Backbone;

    /// <summary>
    /// The default for two-tone images: conv. ImageNet features are weak on line drawings (Omniglot 20-way: conv 85.0%,
    /// the backbone 72.7%, trainer README); on gray photos they win (<see cref="DefaultTowerReason"/>).
    /// </summary>
    public const TowerKind StrokeTower = TowerKind.Conv;

    /// <summary>Why <see cref="DefaultTower"/> chose <paramref name="tower"/> (printed by the run).</summary>
    /// <param name="colour">The data is in colour (the backbone's reason then speaks of colour photos).</param>
    public static string DefaultTowerReason(TowerKind tower, AlignMode align, bool colour = true) =>
        align == AlignMode.YuNet
            ? "aligned faces put every face in one frame, so patch maps fitted on them are a strong start that contrastive training refines"
            : tower == TowerKind.Backbone
                ? colour
                    ? "ImageNet features tell colour photos of items apart far better than a tower trained from scratch on a few hundred images (grocery iconic: backbone 4.9x conv)"
                    : "ImageNet features tell gray photos apart better than a tower trained from scratch on them, one-shot on unseen classes: generated items " +
                      "100% on 3 seeds against conv's 91.3% on one, whole gray faces ORL 90.9% against 87.3% over 6 seeds and Yale 92.2% against 85.4% over 3 " +
                      "(--tower conv embeds about 80 times faster on a CPU)"
                : "strokes on plain paper are told apart by their shapes, which a small tower trained on them learns, and ImageNet features are weak on " +
                  "line drawings (Omniglot 20-way: conv 85.0% over 3 seeds, the backbone 72.7% on one)";

    public int EmbeddingDimension { get; init; }

    /// <summary>Conv and face towers: a left-right symmetric embedding, g(x) + g(mirror(x)) (<see cref="Towers.MirrorSum"/>).</summary>
    public bool Mirror { get; init; }

    /// <summary>Dropout of the tower; negative = the architecture's own default.</summary>
    public double Dropout { get; init; } = -1;

    public int Epochs { get; init; } = 15;

    /// <summary>
    /// The learning-rate schedule's length when it differs from <see cref="Epochs"/> (null = the same): the face tower
    /// trains the first epochs of a schedule as long as the one its threshold folds were scored on.
    /// </summary>
    public int? ScheduleEpochs { get; init; }

    /// <summary>Conv and baseline towers: stop before an epoch that would take training past this many minutes (null = no limit).</summary>
    public double? MaxTrainMinutes { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Null = min(10, a third of the identities).</summary>
    public int? TestIdentities { get; init; }

    /// <summary>
    /// A regular expression whose first match in a label names its group; test and validation then take whole groups
    /// (Omniglot: <c>^.*(?=_character)</c>, the alphabet). Null = identities are split one by one.
    /// </summary>
    public string? SplitGroups { get; init; }

    /// <summary>
    /// With <see cref="SplitGroups"/> and steps of P identities × K images (<see cref="PairScheme.Batch"/>): each step
    /// takes its identities from as few groups as fill it (<see cref="Data.IdentityBatchSampler"/>), so its impostors
    /// are look-alikes of one group, as in a one-shot draw among a held-out group's classes. Null (open): on for the conv
    /// tower, printed with its reason (<see cref="AdaptiveDefaults.ChooseGroupedSteps"/>); off otherwise, and for a
    /// checkpoint from before the option.
    /// </summary>
    public bool? GroupedSteps { get; init; }

    /// <summary>Whether this run's steps are drawn group by group: asked for (or chosen), with groups and P×K steps.</summary>
    public bool DrawsGroupedSteps => GroupedSteps == true && SplitGroups is not null && Pairs == PairScheme.Batch;

    /// <summary>Null = a sixth of the non-test identities (5 of 30 on ORL), at least 1.</summary>
    public int? ValidationIdentities { get; init; }

    public int InputHeight { get; init; } = 56;

    public int InputWidth { get; init; } = 46;

    public double Margin { get; init; } = 1.0;

    /// <summary>Genuine pairs closer than this cost nothing (contrastive loss over P×K steps); 0 = every genuine pair is pulled in.</summary>
    public double PositiveMargin { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public double LearningRate { get; init; } = 2e-3;

    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Pairs per optimiser step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// With <c>--pairs batch</c>: K, the images of each identity in a step of <see cref="BatchSize"/>/2 identities (so
    /// <see cref="BatchSize"/>·K/2 images a step, and about 2·<see cref="PairsPerEpoch"/> images an epoch whatever K, in
    /// fewer steps for a larger K; an identity with fewer than K images gives all it has). Null: chosen, 8 for the
    /// backbone tower with a catalogue image in every step (<see cref="GalleryEveryStep"/>), printed with its reason
    /// (<see cref="AdaptiveDefaults.ChooseImagesPerIdentity"/>); <see cref="DefaultImagesPerIdentity"/> otherwise.
    /// </summary>
    public int? ImagesPerIdentity { get; init; }

    /// <summary>K of a step where <see cref="ImagesPerIdentity"/> is left open and nothing chose it.</summary>
    public const int DefaultImagesPerIdentity = 4;

    /// <summary>K of the run's steps (<see cref="ImagesPerIdentity"/>, or <see cref="DefaultImagesPerIdentity"/>).</summary>
    internal int StepImagesPerIdentity => ImagesPerIdentity ?? DefaultImagesPerIdentity;

    /// <summary>Pairs drawn per epoch (half genuine, half impostor).</summary>
    public int PairsPerEpoch { get; init; } = 1000;

    /// <summary>Epochs without a better validation loss before stopping; 0 = never stop early.</summary>
    public int Patience { get; init; } = 8;

    public bool Augment { get; init; } = true;

    /// <summary>How each image is cut before preprocessing: the whole image (none) or the YuNet-aligned face (yunet).</summary>
    public AlignMode Align { get; init; } = AlignMode.None;

    /// <summary>
    /// With <see cref="Align"/> = yunet: fill the pixels where the aligned frame reaches past the picture with random
    /// scene in half of the training images (<see cref="Training.SceneBorders"/>).
    /// </summary>
    public bool SceneBorders { get; init; } = true;

    /// <summary>YuNet model for <see cref="Align"/> = yunet; null = the shared models folder's yunet_s_dynamic.onnx.</summary>
    public string? DetectorModel { get; init; }

    public AugmentOptions Augmentation { get; init; } = new();

    /// <summary>The false-accept rate the decision threshold is calibrated for, on validation identities.</summary>
    public double CalibrateFar { get; init; } = 1e-3;

    public PairScheme Pairs { get; init; } = PairScheme.Identity;

    public LossKind Loss { get; init; } = LossKind.Contrastive;

    /// <summary>The validation figure that picks the best epoch and drives early stopping.</summary>
    public SelectionKind Selection { get; init; } = SelectionKind.Loss;

    /// <summary>
    /// Temperature of the supervised contrastive loss. 0.05 for both towers that train with it by default: the
    /// backbone's head (the best mean validation one-shot and iconic figures of 0.05, 0.1 and 0.2 on grocery seeds 42,
    /// 1, 2) and the conv tower on characters (omniglot_small seeds 7 and 8: 20-way 82.9 / 93.0% against 77.9 / 89.2% at
    /// 0.1; trainer README).
    /// </summary>
    public double Temperature { get; init; } = 0.05;

    /// <summary>One-shot and open-set episodes.</summary>
    public int Episodes { get; init; } = 5000;

    /// <summary>Ways of the one-shot test; 0 = every test identity.</summary>
    public int Ways { get; init; }

    public bool Quick { get; init; }

    /// <summary>Settings the command line left open, chosen from the data when it is loaded (<see cref="AdaptiveDefaults"/>).</summary>
    public AdaptiveSettings Adaptive { get; init; }

    /// <summary>Also train and evaluate the baseline tower with the same settings (report: baseline).</summary>
    public bool CompareBaseline { get; init; }

    /// <summary>Also train on the classic pair split and report the classic figure (report: classic_split).</summary>
    public bool CompareClassic { get; init; }

    /// <summary>Where to write a benchmark results file (bench/results/…json), if anywhere.</summary>
    public string? Results { get; init; }

    /// <summary>The command line, for the results file.</summary>
    public string? Command { get; init; }

    /// <summary>Input channels: 1 (gray) or 3 (RGB); null = the tower's default (<see cref="InputChannels"/>).</summary>
    public int? Channels { get; init; }

    /// <summary>
    /// C of the model input: as asked, else colour for the backbone tower (an ImageNet network; on grocery photos
    /// colour measured better, trainer README) and gray for the others (the seeds' face pipeline).
    /// </summary>
    public int InputChannels => Channels ?? (Tower == TowerKind.Backbone ? 3 : 1);

    /// <summary>
    /// Backbone tower: start the head from the closed-form fit (<see cref="BackboneHeadFit"/>) rather than random
    /// weights. Off by default: on grocery it scored the same validation EER and a lower iconic → shelf figure (trainer README).
    /// </summary>
    public bool FitHead { get; init; }

    /// <summary>
    /// Backbone tower with <c>--pairs batch</c>: a training class's --gallery image (its catalogue image) is one of its
    /// K images in every step that draws the class, rather than 1 of its ~70 by chance, so the head learns the
    /// catalogue → shelf change the iconic task asks for. Null: chosen, on for the backbone tower when --gallery is given,
    /// and printed with its reason (<see cref="AdaptiveDefaults.ChooseGalleryEveryStep"/>).
    /// </summary>
    public bool? GalleryEveryStep { get; init; }

    /// <summary>
    /// Backbone tower: after the run has calibrated its threshold on the validation identities, train the head again,
    /// from the same start and for the same schedule, on the training and validation identities together, and ship that
    /// model with the threshold. Both fits keep their last epoch (<see cref="SelectionKind.Last"/>), so the threshold
    /// was calibrated on a model trained as long as the one it ships with. Null: chosen, on for the backbone tower when
    /// there are validation identities, and printed with its reason (<see cref="AdaptiveDefaults.ChooseRefit"/>).
    /// </summary>
    public bool? Refit { get; init; }

    /// <summary>The most folds <see cref="ThresholdFolds"/> takes.</summary>
    public const int MaximumThresholdFolds = 10;

    /// <summary>
    /// Backbone tower: the threshold is calibrated on this many folds over the training and validation identities
    /// (<see cref="Backbone.ThresholdFolds"/>): each fold's head trains, as the shipped one does, without the identities it
    /// scores, and the scores of all folds are pooled, so the threshold rests on every non-test identity rather than on
    /// the few held out for validation. 0: on the validation identities. Null: chosen, 5 (down to 3 with fewer
    /// identities) when the validation identities are at most <see cref="AdaptiveDefaults.ThresholdFoldsUpTo"/>, printed with its reason
    /// (<see cref="AdaptiveDefaults.ChooseThresholdFolds"/>).
    /// </summary>
    public int? ThresholdFolds { get; init; }

    /// <summary>The most cohort people <see cref="CohortPeople"/> takes.</summary>
    public const int MaximumCohortPeople = 20;

    /// <summary>
    /// Face tower, threshold folds over the training identities: the folds also score each embedding divided by its mean
    /// distance to this many of the nearest training people after the very nearest (<see cref="Towers.FaceCohort"/>),
    /// and the shipped model scales so where that lowers their pooled EER without lowering their one-shot accuracy
    /// (FaceTraining.ChooseCohort), printed with the figures. 0: never. Null: <see cref="Towers.FaceCohort.DefaultNearest"/>.
    /// </summary>
    public int? CohortPeople { get; init; }

    /// <summary>
    /// Conv and baseline towers: each training image turned by 90°, 180° and 270° (180° alone for a non-square input)
    /// trains as an image of a class of its own (<see cref="Data.RotatedClasses"/>), 4× the training classes. A turned
    /// character is another character; a turned face or item is not, so null (open) turns it on for two-tone images
    /// (characters, symbols) only, printed with its reason (<see cref="AdaptiveDefaults.ChooseInput"/>).
    /// </summary>
    public bool? RotatedClasses { get; init; }

    /// <summary>
    /// Conv tower: M member stacks trained side by side from their own random starts, one embedding their unit-length
    /// embeddings concatenated (<see cref="Towers.MemberConcat"/>): M× the training time and the model's cost per image.
    /// Null (open): 2 for two-tone images (characters, symbols) with the conv tower, printed with its reason
    /// (<see cref="AdaptiveDefaults.ChooseInput"/>); 1 otherwise.
    /// </summary>
    public int? Members { get; init; }

    /// <summary>
    /// Train the parts of a run that do not depend on each other at once, one libtorch thread each: the face tower's
    /// threshold folds and a conv tower's members (<see cref="SideBySide"/>). Off by default: one suite run of the
    /// face tower's folds side by side (1 of 45 such runs in five suites) ended in libtorch's "Unknown scalar type"
    /// inside a BatchNorm step: TorchSharp's BatchNorm2d and Adam hand libtorch Scalars nothing holds, which a
    /// collection started by the other thread may free mid-call. The conv tower and the optimisers now hold theirs
    /// (<see cref="Towers.HeldScalars"/>); the default stays one after another, the way the suite was measured.
    /// </summary>
    public bool TrainSideBySide { get; init; }

    /// <summary>The most members a conv tower takes (<see cref="Members"/>).</summary>
    public const int MaximumMembers = 8;

    /// <summary>Whether this run trains on rotated classes: asked for (or chosen), and a tower they apply to (conv, baseline).</summary>
    public bool TrainsRotatedClasses => RotatedClasses == true && Tower is TowerKind.Conv or TowerKind.Baseline;

    /// <summary>
    /// Backbone tower: views of each training image whose features train the head (1–4: image, mirror, zoom, zoomed
    /// mirror). 1, as measured: each further view costs another backbone pass per training image.
    /// </summary>
    public int Views { get; init; } = 1;

    /// <summary>
    /// Backbone tower: also score the test and gallery images embedded as the mean of several views (mirror, centre
    /// zoom, all four; <see cref="Backbone.TestViewFigures"/>): what test-time augmentation would gain at 2× or 4× the
    /// backbone's cost, from the head's embedding of each view. A report only: <see cref="ServedViews"/> says what the
    /// model serves.
    /// </summary>
    public bool ReportTestViews { get; init; }

    /// <summary>
    /// Backbone tower: views the exported model embeds per image. 1: the image. 2: the image and its centre zoom (80%
    /// of each side, cut in the graph), the embedding the unit-length mean of the two — twice the backbone's cost per
    /// image. Calibration and every figure of the report are of the served embedding. Null: chosen, and printed with
    /// its reason (<see cref="AdaptiveDefaults.ChooseServedViews"/>).
    /// </summary>
    public int? ServedViews { get; init; }

    /// <summary>
    /// Backbone tower with two served views: the share of each side the served centre zoom keeps, in
    /// [<see cref="Backbone.ImageView.MinServedZoom"/>, 1). Null: chosen, and printed with its reason
    /// (<see cref="AdaptiveDefaults.ChooseServedZoom"/>: <see cref="AdaptiveDefaults.PhotoEnrolmentServedZoom"/>, with a
    /// --gallery beside a <see cref="CatalogueZoom"/> of 80% for catalogue images); a checkpoint from before the choice
    /// served 80%. For every image alike, a closer zoom traded catalogue → shelf for shelf → shelf accuracy on the measured
    /// item data (trainer/README, "A closer served zoom"). Another zoom than 80% shares the feature cache
    /// file: the images' own features are read from it, and only its zooms are computed and kept (keyed by their side).
    /// </summary>
    public double? ServedZoom { get; init; }

    /// <summary>
    /// Backbone tower with two served views: the share of each side the served zoom keeps of an image on a plain light
    /// background, as catalogue images are (<see cref="Onnx.BackboneGraph.IsPlainBackground"/>: the model decides image
    /// by image; every other image keeps <see cref="ServedZoom"/>), in [<see cref="Backbone.ImageView.MinServedZoom"/>,
    /// 1); 0: none of its own. Null: chosen, and printed with its reason (<see cref="AdaptiveDefaults.ChooseServedZoom"/>:
    /// <see cref="Backbone.ImageView.Zoom"/> with a --gallery that trains, beside <see cref="AdaptiveDefaults.PhotoEnrolmentServedZoom"/>
    /// for the photos; 0 otherwise). A checkpoint from before the option resumes with 0.
    /// </summary>
    public double? CatalogueZoom { get; init; }

    /// <summary>
    /// Conv tower: S > 0 makes the model embed each image and its four copies moved diagonally by S pixels (edge pixels
    /// repeated), the embedding the unit-length mean of the five — five passes of the tower per image.
    /// Training sees the image alone; validation, calibration, every figure of the report and the exported model see
    /// the served embedding. 0: the image alone. Null: chosen, and printed with its reason
    /// (<see cref="AdaptiveDefaults.ChooseServedShift"/>); a checkpoint from before the option resumes with 0.
    /// </summary>
    public int? ServedShift { get; init; }

    /// <summary>
    /// Patch and face towers: 2 fits each patch a second time at half resolution (its 2×2 pixel blocks averaged) beside
    /// the patch itself, twice the patches; 1 the patches alone. Null: chosen, and printed with its reason
    /// (<see cref="AdaptiveDefaults.ChoosePatchScales"/>); a checkpoint from before the option resumes with 1.
    /// </summary>
    public int? PatchScales { get; init; }

    /// <summary>
    /// Face tower: s > 0 trains a conv companion (the conv tower's blocks at the same input) beside the closed-form patch
    /// maps, and the model joins their unit-length embeddings with weights √(1 − s) and √s: the companion's share of
    /// every squared distance is s. 0: the patch maps alone. Null: chosen, and printed with its reason
    /// (<see cref="AdaptiveDefaults.ChooseConvShare"/>); a checkpoint from before the option resumes with 0.
    /// </summary>
    public double? ConvShare { get; init; }

    /// <summary>
    /// Backbone tower: how many of ResNet18's stages the features pool (<see cref="Onnx.BackboneGraph.Stages"/>): 1, the
    /// last block (512 values); 2, also the third stage (768); 3, also the second (896). Null: chosen, and printed with
    /// its reason (<see cref="AdaptiveDefaults.ChooseFeatureStages"/>); a checkpoint from before the option resumes with 1.
    /// </summary>
    public int? FeatureStages { get; init; }

    /// <summary>
    /// Backbone tower: how the head pools ResNet18's last block (<see cref="BackbonePooling"/>). Null: chosen by the
    /// memory the features would take, and printed with its reason (<see cref="AdaptiveDefaults.ChoosePooling"/>); a
    /// checkpoint from before the option resumes with the average. Attention alone trades catalogue → shelf accuracy for
    /// shelf → shelf accuracy on the measured item data (trainer/README, "Attention pooling"); both gains in both.
    /// </summary>
    public BackbonePooling? Pooling { get; init; }

    /// <summary>
    /// Backbone tower: where computed features are kept between runs (a file per backbone and channel count);
    /// null = no cache. Relative paths are taken from the working directory.
    /// </summary>
    public string? FeatureCache { get; init; } = DefaultFeatureCache;

    /// <summary>Where <see cref="FeatureCache"/> points unless told otherwise.</summary>
    public const string DefaultFeatureCache = "artifacts/feature-cache";

    /// <summary>
    /// The folder the run's features are cached in: <see cref="FeatureCache"/>, except that a --synthetic run left to
    /// the default keeps them in its own folder (<c>&lt;out&gt;/feature-cache</c>), beside the images it generated there. No
    /// other run reads those images, so under <c>artifacts/</c> each such run left a file of its own that nothing read
    /// again (39 MB from the trainer tests' runs, each CI run).
    /// </summary>
    public string? FeatureCacheFolder => Synthetic && FeatureCache == DefaultFeatureCache ? Path.Combine(Output, "feature-cache") : FeatureCache;

    /// <summary>
    /// A folder per class of enrolment images (e.g. one catalogue image per product): test classes are also
    /// identified against these (report: enrolled_gallery); those of training classes train with their class.
    /// </summary>
    public string? Gallery { get; init; }

    /// <summary>
    /// Whether the training classes' --gallery images train with their class (the backbone tower's validation classes'
    /// too). Null or true: they do. False: the --gallery only scores the test classes (report: enrolled_gallery), and
    /// the run trains, chooses and serves the model a run without --gallery trains (the backbone's photos' served zoom
    /// included): what a model trained on photos alone gives where catalogue images are enrolled. The other towers' runs
    /// state it (true or false) when they start, so a checkpoint from before they trained on it resumes with false.
    /// </summary>
    public bool? TrainOnGallery { get; init; }

    /// <summary>
    /// These options as a conv, baseline, patch or face checkpoint wrote them, read as trained: one from before these
    /// towers trained on their --gallery (no <see cref="TrainOnGallery"/>) only scored it. Resume and export both read so.
    /// </summary>
    public TrainOptions WithGalleryAsCheckpointed() => Gallery is null ? this : this with { TrainOnGallery = TrainOnGallery ?? false };

    /// <summary>True when a --gallery is given and the tower trains with its training classes' images.</summary>
    public bool TrainsOnGallery => Gallery is not null && TrainOnGallery != false;

    /// <summary>The tower these settings describe; the backbone tower's trained part reads features [N,1,1,F].</summary>
    public TowerOptions ToTowerOptions() => Tower == TowerKind.Backbone
        ? new(Tower, 1, BackboneTower.FeatureLengthOf(FeatureStages ?? 1, Pooling ?? BackbonePooling.Average), EmbeddingDimension, Dropout, Mirror, Pooling: Pooling ?? BackbonePooling.Average)
        : new(Tower, InputHeight, InputWidth, EmbeddingDimension, Dropout, Mirror, InputChannels, Members ?? 1, Tower == TowerKind.Conv ? ServedShift ?? 0 : 0, Tower is TowerKind.Patch or TowerKind.Face ? PatchScales ?? 1 : 1, Tower == TowerKind.Face ? ConvShare ?? 0 : 0);
}
