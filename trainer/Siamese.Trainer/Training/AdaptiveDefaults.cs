using System.Globalization;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Data;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>
/// Defaults that follow the data, for the settings the command line left open (<see cref="TrainOptions.Adaptive"/>):
/// the input size from the images' median size and aspect, the pairs per epoch from the number of training images,
/// and the reason for the tower. Each choice is returned with the sentence the run prints.
/// </summary>
public static class AdaptiveDefaults
{
    /// <summary>Pixels of an input the towers were measured at (56×46: ORL's 112×92 halved); larger images are scaled down to about this.</summary>
    public const int InputArea = 56 * 46;

    /// <summary>
    /// The aligned face's input height (and <see cref="AlignedFaceWidth"/>): 42×35, three quarters of ORL's halved
    /// 112×92. Chosen by the patch fit's cross-validated EER on the training identities (ORL seeds 7–12, Yale seeds
    /// 7–9): 42×35 scored 6.02% / 7.57% against 6.22% / 8.20% at 56×46 (28×23: 5.75% / 7.70%, 70×58: 6.37% / 7.73%).
    /// </summary>
    public const int AlignedFaceHeight = 42;

    /// <summary>See <see cref="AlignedFaceHeight"/>.</summary>
    public const int AlignedFaceWidth = 35;

    /// <summary>Training pairs per epoch for each training image, between <see cref="MinimumPairs"/> and <see cref="MaximumPairs"/>.</summary>
    public const int PairsPerImage = 4;

    /// <summary>The fewest pairs per epoch (ORL's 250 training images: 1,000, the budget the towers were measured with).</summary>
    public const int MinimumPairs = 1000;

    /// <summary>The most pairs per epoch: keeps a run of the conv tower on a few thousand images within minutes on two cores.</summary>
    public const int MaximumPairs = 4000;

    /// <summary>
    /// The most pairs per epoch with rotated classes (<see cref="TrainOptions.RotatedClasses"/>), whose training images
    /// are four times as many: held-out Omniglot alphabets (seeds 7, 8) gained with twice <see cref="MaximumPairs"/> and
    /// not without the turned classes (trainer README).
    /// </summary>
    public const int RotatedMaximumPairs = 2 * MaximumPairs;

    /// <summary>Printed when the data turns rotated classes on.</summary>
    /// <summary>
    /// Member towers for characters with the conv tower (<see cref="TrainOptions.Members"/>): chosen on held-out
    /// Omniglot alphabets of seeds 7 and 8 (trainer README, "Member towers").
    /// </summary>
    public const int CharacterMembers = 2;

    public const string MembersReason = "Members 2: two conv towers train side by side from their own random starts and the model serves their embeddings together, which raised 20-way one-shot accuracy on held-out alphabets, for twice the training time and cost per image (--members 1 for one tower).";

    public const string RotatedClassesReason = "Rotated classes: each training character turned by 90°, 180° and 270° trains as a character of its own (4x the training classes), as a turned glyph is another glyph; on held-out alphabets it raised 20-way one-shot accuracy (--rotated-classes false to turn off).";

    /// <summary>
    /// Pixels of an input for two-tone images (<see cref="TwoToneProbe"/>: characters, symbols, line drawings): 32×32.
    /// Strokes survive it; the conv tower's four 2×2 pools then leave a 2×2 grid of descriptors, where 28×28 (the usual
    /// Omniglot input) leaves one and drops a row and a column; and the tower trains ~3× faster than at 51×51.
    /// omniglot_small, seed 42, supcon: 82.5% 20-way at 32×32 vs 75.5% at 28×28 (trainer README).
    /// </summary>
    public const int TwoToneInputArea = 32 * 32;

    /// <summary>
    /// Training identities from which the conv tower trains on steps of many identities with the
    /// supervised contrastive loss (<see cref="ChooseRecipe"/>) instead of random balanced pairs.
    /// </summary>
    public const int ManyIdentities = 100;

    /// <summary>Towers whose input size is free; others (a pretrained backbone) have their own.</summary>
    public static bool HasFreeInputSize(TowerKind tower) => tower is TowerKind.Conv or TowerKind.Baseline or TowerKind.Patch or TowerKind.Face;

    /// <summary>
    /// Aligned faces: <see cref="AlignedFaceHeight"/>×<see cref="AlignedFaceWidth"/>, the aligner's template, for the patch
    /// and face towers (and when <paramref name="tower"/> is not given); 56×46 for the conv and baseline towers, the size
    /// they were measured at. Otherwise the
    /// median aspect (height / width) of the images at about <see cref="InputArea"/> pixels, never larger than the
    /// median image: 112×92 portraits → 56×46, 105×105 photos → 51×51 (not squashed to 56×46). Two-tone images
    /// (<paramref name="twoTone"/>) at about <see cref="TwoToneInputArea"/> pixels: 105×105 characters → 32×32.
    /// </summary>
    public static (int Height, int Width, string Reason) InputSize(IReadOnlyList<(int Width, int Height)> sizes, AlignMode align, bool twoTone = false, TowerKind? tower = null)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (align == AlignMode.YuNet)
        {
            return tower is TowerKind.Conv or TowerKind.Baseline
                ? (56, 46, "the YuNet-aligned face template at 56x46, the size the conv and baseline towers were measured at")
                : (AlignedFaceHeight, AlignedFaceWidth, $"the YuNet-aligned face template at {AlignedFaceHeight}x{AlignedFaceWidth}, where the patch fit's cross-validation folds on the training identities scored a lower EER than at 56x46 on both face datasets measured (trainer README)");
        }

        if (sizes.Count == 0)
        {
            throw new ArgumentException("No images to choose an input size from.", nameof(sizes));
        }

        var aspect = Median(sizes.Select(s => (double)s.Height / s.Width));
        var area = Median(sizes.Select(s => (double)s.Height * s.Width));
        var target = twoTone ? TwoToneInputArea : InputArea;
        var scale = Math.Min(1, Math.Sqrt(target / area));
        var height = Math.Max(16, (int)Math.Round(Math.Sqrt(area * aspect) * scale));
        var width = Math.Max(16, (int)Math.Round(Math.Sqrt(area / aspect) * scale));
        var medianHeight = Median(sizes.Select(s => (double)s.Height));
        var medianWidth = Median(sizes.Select(s => (double)s.Width));
        var at = scale >= 1 ? "their own size (never enlarged)"
            : twoTone ? string.Create(CultureInfo.InvariantCulture, $"about {TwoToneInputArea:N0} pixels, as two-tone images (strokes on plain paper) keep their strokes at that size, the tower a 2x2 grid of descriptors, and train ~3x faster")
            : string.Create(CultureInfo.InvariantCulture, $"about {InputArea:N0} pixels, the area the towers were measured at");
        return (height, width, string.Create(
            CultureInfo.InvariantCulture,
            $"the images' median aspect {aspect:0.00} (height/width; median size {medianHeight:0}x{medianWidth:0}) at {at}"));
    }

    /// <summary>
    /// <see cref="PairsPerImage"/> pairs per training image per epoch, within [<see cref="MinimumPairs"/>, <see
    /// cref="MaximumPairs"/>]; with <paramref name="rotatedClasses"/> the turned copies count as training images and
    /// the most is <see cref="RotatedMaximumPairs"/>.
    /// </summary>
    public static (int PairsPerEpoch, string Reason) Budget(int trainImages, bool rotatedClasses = false)
    {
        var maximum = rotatedClasses ? RotatedMaximumPairs : MaximumPairs;
        var pairs = Math.Clamp(PairsPerImage * trainImages, MinimumPairs, maximum);
        return (pairs, string.Create(
            CultureInfo.InvariantCulture,
            $"{PairsPerImage} per training image ({trainImages:N0}{(rotatedClasses ? " with the turned copies" : "")}), kept within {MinimumPairs:N0}–{maximum:N0}"));
    }

    /// <summary>Why <paramref name="tower"/> is the default for this data (<see cref="TrainOptions.DefaultTower"/> chose it).</summary>
    /// <param name="channels">The input's channels: a backbone chosen for gray data reads it gray (1), for colour data in colour (3).</param>
    public static string TowerReason(TowerKind tower, AlignMode align, int channels = 3) => align == AlignMode.YuNet
        ? $"faces aligned by YuNet → {Name(tower)}: {TrainOptions.DefaultTowerReason(tower, align)}"
        : tower == TowerKind.Backbone
            ? channels == 3
                ? $"items in colour (not aligned) → {Name(tower)}: {TrainOptions.DefaultTowerReason(tower, align)}"
                : $"gray photos or items (not two-tone, not aligned) → {Name(tower)}, reading them gray: {TrainOptions.DefaultTowerReason(tower, align, colour: false)}"
            : $"two-tone images, strokes on plain paper (not aligned) → {Name(tower)}: {TrainOptions.DefaultTowerReason(tower, align)}";

    /// <summary>
    /// Applies the open settings to <paramref name="options"/> (input size before the images are cut, so call it with
    /// the decoded images), prints each choice with its reason, and marks them settled.
    /// </summary>
    public static TrainOptions ChooseInput(TrainOptions options, IReadOnlyList<GrayImage> images, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Adaptive.HasFlag(AdaptiveSettings.Tower))
        {
            log.WriteLine($"Tower {Name(options.Tower)}: {TowerReason(options.Tower, options.Align, options.InputChannels)}.");
        }

        var openInput = options.Adaptive.HasFlag(AdaptiveSettings.InputSize) && HasFreeInputSize(options.Tower);
        var defaultAugmentation = options.Adaptive.HasFlag(AdaptiveSettings.Augmentation) && options.Augment
            && options.Augmentation == new AugmentOptions() && HasFreeInputSize(options.Tower);
        var twoTone = (openInput || defaultAugmentation) && options.Align == AlignMode.None && TwoToneProbe.IsTwoTone(images);
        if (openInput)
        {
            var (height, width, reason) = InputSize([.. images.Select(i => (i.Width, i.Height))], options.Align, twoTone, options.Tower);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Input {height}x{width}: {reason} (--input to choose)."));
            options = options with { InputHeight = height, InputWidth = width };
        }

        // The kind of data decides the augmentation, whoever chose the input size (an --input of its own kept it mild).
        if (twoTone && defaultAugmentation)
        {
            var strokes = AugmentOptions.Strokes;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Augmentation: shifts up to {strokes.MaxShift * 100:0}%, zoom ±{strokes.MaxScale * 100:0}%, rotation ±{strokes.MaxRotationDegrees}°: handwriting varies in place, size and slant (--no-augment to turn off)."));
            options = options with { Augmentation = strokes };
            if (options.RotatedClasses is null && options.Tower == TowerKind.Conv)
            {
                log.WriteLine(RotatedClassesReason);
                options = options with { RotatedClasses = true };
            }

            if (options.Members is null && options.Tower == TowerKind.Conv)
            {
                log.WriteLine(MembersReason);
                options = options with { Members = CharacterMembers };
            }
        }

        return options with { Adaptive = options.Adaptive & ~(AdaptiveSettings.InputSize | AdaptiveSettings.Tower | AdaptiveSettings.Augmentation) };
    }

    /// <summary>
    /// The alignment, for a run that names neither <c>--tower</c> nor <c>--align</c>: yunet when at least three quarters
    /// of a sample of the folder's images hold a face YuNet aligns (<see cref="FaceProbe"/>), and the choice printed with
    /// its reason; none otherwise, without a word, or without a YuNet model to ask. Faces found in a run that names an
    /// option of its own tower (<see cref="WholeImageOption"/>) are only pointed out: the run keeps the whole images.
    /// </summary>
    /// <param name="options">The run as its command line built it, the tower chosen without looking for faces.</param>
    public static AlignMode ChooseAlign(TrainOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var detectorModel = options.DetectorModel ?? SharedData.YuNetModel;
        if (options.Align != AlignMode.None || options.Data is not { } folder || !Directory.Exists(folder)
            || detectorModel is null || !File.Exists(detectorModel))
        {
            return options.Align;
        }

        var (faces, sampled) = FaceProbe.Count(folder, detectorModel);
        if (!FaceProbe.MostlyFaces(faces, sampled))
        {
            return AlignMode.None;
        }

        var found = $"{faces} of {sampled} sampled images hold a face that YuNet aligns";
        if (WholeImageOption(options) is { } option)
        {
            log.WriteLine($"Faces? {found}. Without {option}, which the {Name(options.Tower)} tower takes and the face tower does not, " +
                $"the run would cut each image to its aligned face (--align yunet) and train the face tower ({FaceTowerGain(options.Tower)}); " +
                $"this run keeps the whole images and the {Name(options.Tower)} tower.");
            return AlignMode.None;
        }

        log.WriteLine($"Align yunet: {found}, so each image is cut to its aligned face (as the detect service cuts camera frames) " +
            $"and the face tower trained ({FaceTowerGain(options.Tower)}). --align none keeps the whole images.");
        return AlignMode.YuNet;
    }

    /// <summary>
    /// What aligning faces gained against <paramref name="whole"/> on the whole pictures, one-shot on unseen people
    /// (trainer README, "Faces found without --align"; the backbone's figures are of the gray ORL and Yale pictures).
    /// </summary>
    private static string FaceTowerGain(TowerKind whole) => whole == TowerKind.Backbone
        ? "it identified unseen people better than the backbone tower on whole pictures on the mean of the seeds measured, one-shot: ORL 95.9% " +
          "against 90.9% over 6 seeds, Yale faces 93.2% against 92.2% over 3, both on gray faces, and the services cut faces out of camera frames the same way"
        : "it identified unseen people better than the conv tower on whole pictures on every seed measured, one-shot: ORL 95.9% " +
          "against 87.3% over 6 seeds, Yale faces 93.2% against 85.4% over 3";

    /// <summary>
    /// The first option the run names that only its own tower takes (the conv tower's members, shifts, turned classes and
    /// grouped steps; colour and the backbone's views, zooms, stages, pooling and refit), or null: with none, faces found
    /// by <see cref="ChooseAlign"/> change the tower to the face tower.
    /// </summary>
    public static string? WholeImageOption(TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options switch
        {
            { Members: > 1 } => "--members",
            { ServedShift: not (null or 0) } => "--served-shift",
            { RotatedClasses: true } => "--rotated-classes",
            { GroupedSteps: true } => "--grouped-steps",
            { Channels: 3 } => "--channels 3",
            { ReportTestViews: true } => "--report-test-views",
            { ServedViews: not (null or 1) } => "--served-views",
            { ServedZoom: not null } => "--served-zoom",
            { CatalogueZoom: not null } => "--catalogue-zoom",
            { FeatureStages: not (null or 1) } => "--feature-stages",
            { Pooling: not (null or BackbonePooling.Average) } => "--pooling",
            { Refit: true } => "--refit",
            _ => null,
        };
    }

    /// <summary>The largest --served-shift: a move of a few pixels; more would cut strokes off the image's edge.</summary>
    public const int MaximumServedShift = 4;

    /// <summary>
    /// The conv tower's served shift when the command line left it open: 1 pixel without --align, 0 on aligned faces.
    /// Measured as a report-only change to the trained towers of seeds 7 and 8 (the models unchanged, only how the
    /// test images are embedded): Omniglot 20-way one-shot 83.0 → 84.7% and 93.9 → 95.0%, EER 8.03 → 7.74% and
    /// 4.44 → 4.17%; the synthetic items 10-way 97.3 → 98.9% and 95.0 → 96.6%, EER 4.89 → 3.11% and 6.91 → 6.18%
    /// (trainer README). Aligned faces already sit in one frame.
    /// </summary>
    public static TrainOptions ChooseServedShift(TrainOptions options, TextWriter log) => ChooseOpen(
        options,
        log,
        o => o.Tower == TowerKind.Conv && o.ServedShift is null,
        "Served shift 1: the model embeds each image and its four copies moved one pixel diagonally and averages the five, which raised one-shot accuracy and lowered the EER on held-out characters and items on every seed measured, for five passes of the tower per image (--served-shift 0 for the image alone).",
        o => o with { ServedShift = 1 },
        unsaid: o => o.Align != AlignMode.None ? o with { ServedShift = 0 } : null);

    /// <summary>
    /// The patch and face towers' scales when the command line left them open: 2, each patch also at half resolution.
    /// Chosen by the patch fit's cross-validation folds over the training identities (ORL seeds 7–12, Yale seeds 7–9,
    /// trainer README "Two scales"): EER 5.90 → 5.57% on ORL and 7.17 → 6.43% on Yale, at k = 60 values per patch
    /// (1,080-dimensional embeddings, 720 before).
    /// </summary>
    public static TrainOptions ChoosePatchScales(TrainOptions options, TextWriter log) => ChooseOpen(
        options,
        log,
        o => o.Tower is (TowerKind.Patch or TowerKind.Face) && o.PatchScales is null,
        "Patch scales 2: each patch is also fitted at half resolution (its 2x2 pixel blocks averaged), 18 maps of 60 values, which lowered the EER of the cross-validation folds over the training identities on both face datasets measured (trainer README), for a 1,080-value embedding (--patch-scales 1 for the patches alone, 720 values).",
        o => o with { PatchScales = 2 });

    /// <summary>The face tower's conv companion's share of every squared distance when the command line leaves it open.</summary>
    public const double DefaultConvShare = 0.3;

    /// <summary>
    /// The face tower's conv companion when the command line left it open: <see cref="DefaultConvShare"/> of every
    /// squared distance (0 with --mirror, which is the patch maps' own). Chosen on ORL seeds 7–12 and Yale seeds 7–9, never the suite's
    /// (trainer README "A conv companion"): the conv tower's embedding of the same aligned faces, joined to the patch
    /// maps', raised 10-way one-shot on unseen ORL people on all six seeds (mean 93.36 → 94.82%, EER 6.70 → 6.08%) and
    /// 5-way on Yale on two of three (92.91 → 93.24%, EER 9.40 → 9.03%).
    /// </summary>
    public static TrainOptions ChooseConvShare(TrainOptions options, TextWriter log) => ChooseOpen(
        options,
        log,
        o => o.Tower == TowerKind.Face && o.ConvShare is null,
        string.Create(CultureInfo.InvariantCulture, $"Conv share {DefaultConvShare}: a conv tower trained on the same aligned faces joins the patch maps with {DefaultConvShare:P0} of every squared distance, which raised one-shot accuracy on unseen people on eight of nine seeds measured on two face datasets (trainer README) (--conv-share 0 for the patch maps alone)."),
        o => o with { ConvShare = DefaultConvShare },
        unsaid: o => o.Mirror ? o with { ConvShare = 0 } : null);

    /// <summary>
    /// The backbone tower's served views when the command line left them open: 2, the image and its centre zoom. On the
    /// held-out validation classes of the grocery photos (seeds 42, 1, 2) the zoom raised one-shot accuracy on every
    /// seed (+2.6 points on the mean) and the catalogue → shelf figure on two of three (+1.9), for twice the backbone's
    /// cost per image.
    /// </summary>
    public static TrainOptions ChooseServedViews(TrainOptions options, TextWriter log) =>
        ChooseForBackbone(options, log, o => o.ServedViews is null, "Served views 2: the model embeds each image and its centre zoom (its size chosen next, or --served-zoom) and averages the two, which raised one-shot accuracy on held-out item classes on every seed measured, for twice the backbone's cost per image (--served-views 1 for the image alone).", o => o with { ServedViews = 2 });

    /// <summary>The served zoom <see cref="ChooseServedZoom"/> chooses for every image (for photos, where a --gallery gives catalogue images a zoom of their own), with or without a gallery.</summary>
    public const double PhotoEnrolmentServedZoom = 0.6;

    /// <summary>
    /// The backbone tower's served zooms when two served views are served and the command line left them open.
    /// <para>The zoom of every image (<see cref="TrainOptions.ServedZoom"/>): <see cref="PhotoEnrolmentServedZoom"/>. A
    /// closer zoom raised one-shot accuracy among photos of held-out item classes and, for every image alike, lowered
    /// catalogue → shelf accuracy (trainer README, "A closer served zoom with both heads"). Without a --gallery, on the
    /// grocery photos' seeds 3–8 (never the suite's; trainer README "The closer zoom without a gallery"), 60% against
    /// 80% raised 7-way one-shot on the validation classes of all six seeds (mean 87.82 → 89.38%).</para>
    /// <para>The zoom of an image on a plain light background (<see cref="TrainOptions.CatalogueZoom"/>), with a --gallery
    /// that trains: <see cref="Backbone.ImageView.Zoom"/>, the training views' 80%, so the catalogue images keep the
    /// zoom they were enrolled at before while the photos get the closer one (trainer README, "A served zoom by the
    /// image's background"); 0 (none of its own) without one. Given values are printed as given.</para>
    /// </summary>
    public static TrainOptions ChooseServedZoom(TrainOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Tower != TowerKind.Backbone || options.ServedViews != 2)
        {
            return options;
        }

        if (options.ServedZoom is { } given)
        {
            var side = BackboneGraph.ZoomSideOf(ImageView.CheckServedZoom(given));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Served zoom {given:0.##}: the second served view keeps the centre {side}x{side} of 224 (--served-zoom; the training views keep {ImageView.Zoom:0.##})."));
        }
        else
        {
            var closer = BackboneGraph.ZoomSideOf(PhotoEnrolmentServedZoom);
            var why = options.TrainsOnGallery ? "the photos are what gets searched, and what gets enrolled where a class has no catalogue image"
                : options.Gallery is null ? "no --gallery, so photos are what gets enrolled" : "the --gallery is only scored (--train-on-gallery false), as a run without one, so photos are what gets enrolled";
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Served zoom {PhotoEnrolmentServedZoom:0.##}: {why}, and a closer zoom raised one-shot accuracy among photos of held-out item classes, on the validation classes of every seed measured and on the test classes of five seeds of six; the second served view keeps the centre {closer}x{closer} of 224 (the training views keep {ImageView.Zoom:0.##})."));
            options = options with { ServedZoom = PhotoEnrolmentServedZoom };
        }

        var photoSide = BackboneGraph.ZoomSideOf(options.ServedZoom!.Value);
        if (options.CatalogueZoom is { } catalogue)
        {
            if (catalogue != 0)
            {
                var side = BackboneGraph.ZoomSideOf(ImageView.CheckCatalogueZoom(catalogue));
                log.WriteLine(side == photoSide
                    ? string.Create(CultureInfo.InvariantCulture, $"Catalogue zoom {catalogue:0.##}: the side the served zoom cuts for every image ({side}x{side} of 224), so none of its own (--catalogue-zoom).")
                    : string.Create(CultureInfo.InvariantCulture, $"Catalogue zoom {catalogue:0.##}: an image on a plain light background keeps the centre {side}x{side} of 224 instead (--catalogue-zoom)."));
            }

            return options;
        }

        // Only a wider zoom than the photos' for the catalogue images: a closer one is what lowered their figure.
        var catalogueSide = BackboneGraph.ZoomSideOf(ImageView.Zoom);
        if (!options.TrainsOnGallery || catalogueSide <= photoSide)
        {
            return options with { CatalogueZoom = 0 };
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Catalogue zoom {ImageView.Zoom:0.##}: the --gallery's catalogue images will be enrolled, and a closer zoom lowered catalogue-to-shelf accuracy on held-out item classes; so the model tells an image on a plain light background (a catalogue image: more than {BackboneGraph.BackgroundShare:0%} of its {BackboneGraph.BackgroundFrame}-pixel frame light and unsaturated) from a photo, image by image, and keeps its centre {catalogueSide}x{catalogueSide} of 224, as the training views do, while a photo keeps {photoSide}x{photoSide}; with photos at {PhotoEnrolmentServedZoom:0.##}, against {ImageView.Zoom:0.##} for every image, this raised one-shot accuracy among photos on the validation classes of all ten seeds measured and kept catalogue-to-shelf accuracy level (--served-zoom {ImageView.Zoom:0.##} for the one zoom of before for every image, --catalogue-zoom 0 for the photos' zoom for every image)."));
        return options with { CatalogueZoom = ImageView.Zoom };
    }

    /// <summary>
    /// The backbone tower's feature stages when the command line left them open: 4, ResNet18's last block and the three
    /// stages before it, each average-pooled and unit length. On the held-out validation classes of the grocery photos
    /// (seeds 42, 1, 2; 7-way, one-shot / catalogue → shelf) the last block alone gave 77.5 / 63.5%, with the third stage
    /// 80.6 / 71.1, with the second too 80.2 / 71.7, and with all four 81.3 / 74.1 (better on every seed in both), at no
    /// measurable cost: the earlier stages are computed anyway.
    /// </summary>
    public static TrainOptions ChooseFeatureStages(TrainOptions options, TextWriter log) =>
        ChooseForBackbone(options, log, o => o.FeatureStages is null, "Feature stages 4: the head reads ResNet18's last block and the three stages before it (960 values), which raised one-shot and catalogue-to-shelf accuracy on held-out item classes on every seed measured, at the same cost (--feature-stages 1 for the last block alone).", o => o with { FeatureStages = 4 });

    /// <summary>
    /// The backbone tower's --gallery-every-step when the command line left it open and a --gallery is given: on. On
    /// the held-out validation classes of the grocery photos (seeds 42, 1, 2, 3, 4; 7-way, with four feature stages) it
    /// raised the catalogue → shelf figure from 70.0 to 73.6% on the mean, on four seeds of five, and left one-shot
    /// as it was (82.5 → 82.6%).
    /// </summary>
    public static TrainOptions ChooseGalleryEveryStep(TrainOptions options, TextWriter log) =>
        ChooseForBackbone(options, log, o => o.GalleryEveryStep is null && o.TrainsOnGallery, "Gallery every step: a training class's --gallery image is one of its images in every step that draws the class, which raised catalogue-to-shelf accuracy on held-out item classes on four seeds of five measured (--gallery-every-step false to leave it to chance).", o => o with { GalleryEveryStep = true });

    /// <summary>
    /// The backbone tower's K (<see cref="TrainOptions.ImagesPerIdentity"/>) when the command line left it open and a
    /// training class's --gallery image is in every step (<see cref="ChooseGalleryEveryStep"/>): 8 images of each of the
    /// step's identities instead of 4, in steps twice as large and half as many, so each catalogue image meets 7 of its
    /// class's photos a step instead of 3. On the grocery photos with their catalogue images (seeds 3–8, never the
    /// suite's; trainer README "Eight images of each class a step"), the 7 validation classes' catalogue → shelf
    /// accuracy rose on all six seeds (77.20 → 79.80% on the mean) and their one-shot accuracy among photos on five
    /// (87.35 → 87.72%); on the test classes catalogue → shelf 78.37 → 79.40%, one-shot 83.63 → 83.45%.
    /// </summary>
    public static TrainOptions ChooseImagesPerIdentity(TrainOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ChooseForBackbone(
            options,
            log,
            o => o.ImagesPerIdentity is null && o.GalleryEveryStep == true && o.Pairs == PairScheme.Batch,
            string.Create(CultureInfo.InvariantCulture, $"Images per identity {GalleryImagesPerIdentity}: each step draws {Math.Max(2, options.BatchSize / 2)} identities x up to {GalleryImagesPerIdentity} images (twice the images of {TrainOptions.DefaultImagesPerIdentity}, in half as many steps), so a training class's catalogue image meets up to {GalleryImagesPerIdentity - 1} of its photos a step instead of {TrainOptions.DefaultImagesPerIdentity - 1}, which raised catalogue-to-shelf accuracy on held-out item classes on every seed measured (--images-per-identity {TrainOptions.DefaultImagesPerIdentity} for the steps before)."),
            o => o with { ImagesPerIdentity = GalleryImagesPerIdentity });
    }

    /// <summary>The K <see cref="ChooseImagesPerIdentity"/> chooses.</summary>
    public const int GalleryImagesPerIdentity = 8;

    /// <summary>
    /// <see cref="TrainOptions.ThresholdFolds"/> (the backbone tower's; other towers refuse it in <see cref="TrainingPipeline"/>):
    /// given, checked against the identities; open, for the backbone tower when its validation identities are at most
    /// <see cref="ThresholdFoldsUpTo"/>, <see cref="DefaultThresholdFolds"/> folds, or as many as leave each fold 2
    /// identities to score down to <see cref="FewestThresholdFolds"/>, else 0; printed with its reason. Measured with 2
    /// to 10 validation classes (trainer/README "Threshold folds"): on 10 the validation classes alone still gave 1.1–7.7%
    /// false accepts for a 0.1% target; 5 folds came nearer the target than 3, whose heads train on a third fewer classes.
    /// </summary>
    public static TrainOptions ChooseThresholdFolds(TrainOptions options, int trainIdentities, int validationIdentities, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var nonTest = trainIdentities + validationIdentities;
        if (options.ThresholdFolds is { } given)
        {
            if (given > 0 && nonTest < 2 * given)
            {
                throw new ArgumentException($"--threshold-folds {given}: each fold needs at least 2 identities to score, and the training and validation identities are {nonTest}; pass fewer folds or 0 (the validation identities).");
            }

            return options;
        }

        if (options.Tower != TowerKind.Backbone)
        {
            return options;
        }

        if (validationIdentities > ThresholdFoldsUpTo || nonTest < 2 * FewestThresholdFolds)
        {
            return options with { ThresholdFolds = 0 };
        }

        var folds = Math.Min(DefaultThresholdFolds, nonTest / 2);
        var fewer = folds < DefaultThresholdFolds ? $" ({folds}, not {DefaultThresholdFolds}: each fold needs 2 identities to score)" : "";
        log.WriteLine($"Threshold folds {folds}: {validationIdentities} validation identities are few to calibrate on alone, so the threshold is read from {folds} folds over all {nonTest} training and validation identities, each scored by a head trained without it{fewer} ({folds} more head fits; --threshold-folds 0 for the validation identities alone){ThresholdFoldsEvidence}.");
        return options with { ThresholdFolds = folds };
    }

    /// <summary>Folds <see cref="ChooseThresholdFolds"/> takes where the identities allow.</summary>
    public const int DefaultThresholdFolds = 5;

    /// <summary>The fewest folds <see cref="ChooseThresholdFolds"/> takes: fewer identities, and the validation identities decide.</summary>
    public const int FewestThresholdFolds = 3;

    /// <summary>The most validation identities with which <see cref="ChooseThresholdFolds"/> takes folds: the most measured.</summary>
    public const int ThresholdFoldsUpTo = 10;

    // What the measurement behind the default showed (trainer/README "Threshold folds").
    private const string ThresholdFoldsEvidence =
        ". At a 0.1% target, on held-out classes, the false-accept rate averaged 0.12% with 5 folds against 0.54% with 7 validation classes alone (grocery photos, 6 seeds), and 0.31% against 5.3% with 2 to 10 (generated items, 12 runs); 3 folds, whose heads train on fewer classes, set it lower (0.06% and 0.15%) and accepted fewer genuine pairs (15% against 20% with 5 folds, 69% against 85%)";

    /// <summary>
    /// The backbone tower's --refit when the command line left it open: on when the split has validation identities
    /// (they are what the threshold is calibrated on before they join training). On the grocery photos' test classes of
    /// seeds that are not the suite's (3–8; 10-way, one-shot / catalogue → shelf, trainer/README "A refit on the
    /// validation identities too") one fit with its best epoch by validation EER gave 81.85 / 76.4% and the refit
    /// 83.63 / 78.37% (one-shot higher on five seeds of six, catalogue → shelf on four), EER 8.76 → 8.15%.
    /// <c>--refit true</c> without validation identities is refused: there would be nothing to calibrate the threshold
    /// on that the refit does not train on.
    /// </summary>
    public static TrainOptions ChooseRefit(TrainOptions options, int validationIdentities, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Refit == true && validationIdentities == 0)
        {
            throw new ArgumentException("--refit calibrates the threshold on the validation identities before training on them too, and this split has none: pass --val-identities N (N >= 2), or --refit false.");
        }

        if (options.Refit is not null || options.Tower != TowerKind.Backbone)
        {
            return options;
        }

        if (validationIdentities == 0)
        {
            log.WriteLine("Refit off: no validation identities to calibrate the threshold on first (--val-identities N for a refit).");
            return options with { Refit = false };
        }

        var calibration = options.ThresholdFolds is > 0 ? $"is scored on the {validationIdentities} validation identities (the threshold comes from the folds)" : $"calibrates the threshold on the {validationIdentities} validation identities";
        log.WriteLine($"Refit: the head trains once on the training identities, keeps its last epoch and {calibration}, then trains again from the same start on both and ships that model with the threshold; on held-out item classes this raised one-shot accuracy on five seeds of six measured and catalogue-to-shelf accuracy on four, for twice the head's training time (--refit false for one fit, its best epoch by validation EER).");
        return options with { Refit = true };
    }

    /// <summary>
    /// The most memory the backbone features of a run may take for <see cref="ChoosePooling"/> to choose a pooling that
    /// keeps the last block's whole map (25,536 values, 100 KB, per image and view with four stages): 2 GiB, about
    /// 21,000 images and views. Every feature is held in memory while the head trains.
    /// </summary>
    public const long MapFeatureBudgetBytes = 2L << 30;

    /// <summary>
    /// The backbone tower's pooling when the command line left it open: both (a head on the average and a head on the
    /// attention pooling, served together) when the whole maps of <paramref name="entries"/> images and views fit in
    /// <see cref="MapFeatureBudgetBytes"/>, else the average. On the held-out validation classes of the grocery photos
    /// (seeds 42, 1, 2, 3, 4; 7-way, one-shot / catalogue → shelf, trainer/README "Both poolings side by side") the
    /// average gave 82.6 / 73.6% and both 84.0 / 75.1% (one-shot higher on every seed, catalogue → shelf on three of
    /// five and on the mean), where attention alone traded one figure for the other (83.7 / 72.4%). With --fit-head (a
    /// closed-form fit of one linear head) the average, without a word.
    /// </summary>
    public static TrainOptions ChoosePooling(TrainOptions options, int entries, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Tower != TowerKind.Backbone || options.Pooling is not null)
        {
            return options;
        }

        if (options.FitHead)
        {
            return options with { Pooling = BackbonePooling.Average };
        }

        var stages = options.FeatureStages ?? 1;
        var mapLength = BackboneTower.FeatureLengthOf(stages, BackbonePooling.Both);
        var bytes = (long)entries * mapLength * sizeof(float);
        if (bytes > MapFeatureBudgetBytes)
        {
            var fewer = mapLength / (double)BackboneTower.FeatureLengthOf(stages, BackbonePooling.Average);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pooling average: the last block's whole maps of {entries:N0} images and views would take {bytes / (double)(1L << 30):0.0} GB of memory while the head trains (more than {MapFeatureBudgetBytes >> 30} GB), so the head reads the package's average alone, {fewer:0}x less (--pooling both to take them anyway)."));
            return options with { Pooling = BackbonePooling.Average };
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pooling both: a head on ResNet18's average and a head on a pooling that weighs the last block's 7x7 places train side by side, each on its own loss, and the model serves their embeddings together, which raised one-shot and catalogue-to-shelf accuracy on held-out item classes on the mean of the seeds measured, at about the same cost per image; the features hold the whole map ({bytes / (double)(1L << 20):N0} MB for {entries:N0} images and views; --pooling average for the average alone)."));
        return options with { Pooling = BackbonePooling.Both };
    }

    /// <summary>A backbone option the command line left open (<paramref name="open"/>): <paramref name="choose"/>, its reason printed.</summary>
    private static TrainOptions ChooseForBackbone(TrainOptions options, TextWriter log, Func<TrainOptions, bool> open, string reason, Func<TrainOptions, TrainOptions> choose) =>
        ChooseOpen(options, log, o => o.Tower == TowerKind.Backbone && open(o), reason, choose);

    /// <summary>
    /// An option the command line left open for this tower (<paramref name="open"/>): <paramref name="unsaid"/>'s
    /// settings where it gives any (the option off where it does not apply, without a word), else
    /// <paramref name="choose"/>, its <paramref name="reason"/> printed.
    /// </summary>
    private static TrainOptions ChooseOpen(TrainOptions options, TextWriter log, Func<TrainOptions, bool> open, string reason, Func<TrainOptions, TrainOptions> choose, Func<TrainOptions, TrainOptions?>? unsaid = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (!open(options))
        {
            return options;
        }

        if (unsaid?.Invoke(options) is { } off)
        {
            return off;
        }

        log.WriteLine(reason);
        return choose(options);
    }

    /// <summary>Sets the pairs per epoch from the number of training images when the command line left it open.</summary>
    public static TrainOptions ChooseBudget(TrainOptions options, int trainImages, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (!options.Adaptive.HasFlag(AdaptiveSettings.Budget))
        {
            return options;
        }

        var rotated = options.TrainsRotatedClasses;
        var (pairs, reason) = Budget(rotated ? trainImages * RotatedClasses.Copies(options.InputHeight, options.InputWidth) : trainImages, rotated);
        if (options.Tower is TowerKind.Conv or TowerKind.Baseline)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Budget: up to {options.Epochs} epochs of {pairs:N0} pairs: {reason} (--pairs-per-epoch, --epochs to choose)."));
        }

        return options with { PairsPerEpoch = pairs, Adaptive = options.Adaptive & ~AdaptiveSettings.Budget };
    }

    /// <summary>
    /// The conv tower, when the command line named none of --pairs, --loss, --select: with at least
    /// <see cref="ManyIdentities"/> training identities, steps of P identities × K images (4 unless given) with the supervised
    /// contrastive loss (every pair of a step counts, and each step holds many hard impostors) and the best epoch by
    /// validation EER; fewer identities keep the balanced random pairs the towers were measured with on ORL. The baseline
    /// tower keeps its own recipe (it is the seed's tower, for comparison).
    /// </summary>
    public static TrainOptions ChooseRecipe(TrainOptions options, int trainIdentities, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (!options.Adaptive.HasFlag(AdaptiveSettings.Recipe))
        {
            return options;
        }

        options = options with { Adaptive = options.Adaptive & ~AdaptiveSettings.Recipe };
        if (options.Tower != TowerKind.Conv || trainIdentities < ManyIdentities)
        {
            return options;
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loss supcon (temperature {options.Temperature}) over steps of {Math.Max(2, options.BatchSize / 2)} identities x {options.StepImagesPerIdentity} images, best epoch by validation EER: {trainIdentities} training identities (>= {ManyIdentities}) give every step many hard impostors, where random pairs give few (--pairs, --loss, --select, --temperature to choose)."));
        return options with { Pairs = PairScheme.Batch, Loss = LossKind.SupCon, Selection = SelectionKind.Eer };
    }

    /// <summary>Printed when grouped steps are chosen.</summary>
    public const string GroupedStepsReason = "Grouped steps: each step takes its identities from as few groups (by --split-groups) as fill it, so its impostors are look-alikes of one group, as in a one-shot draw among a held-out group's classes; on held-out alphabets it raised 20-way one-shot accuracy on four seeds of five and lowered the EER on all five (--grouped-steps false for steps drawn across groups).";

    /// <summary>
    /// Grouped steps when the command line left them open: on for the conv tower with groups (--split-groups) and
    /// steps of P identities × K images (<see cref="ChooseRecipe"/>). Measured on held-out Omniglot alphabets, seeds
    /// 7–11 (never the suite's; trainer README "Grouped steps"): 20-way one-shot 85.86 → 87.28% on the mean, up on four
    /// seeds of five, and the EER lower on all five (7.30 → 6.75%).
    /// </summary>
    public static TrainOptions ChooseGroupedSteps(TrainOptions options, TextWriter log) => ChooseOpen(
        options,
        log,
        o => o.GroupedSteps is null && o.Tower == TowerKind.Conv && o.SplitGroups is not null && o.Pairs == PairScheme.Batch,
        GroupedStepsReason,
        o => o with { GroupedSteps = true });

    private static string Name(TowerKind tower) => tower.ToString().ToLowerInvariant();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
