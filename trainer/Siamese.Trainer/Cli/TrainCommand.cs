using System.CommandLine;
using System.CommandLine.Parsing;
using Siamese.CommandLine;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Cli;

/// <summary><c>train</c>: data → model.onnx, report.json, report.md, plots, checkpoints.</summary>
public static class TrainCommand
{
    public static Command Create(string[] args)
    {
        var defaults = new TrainOptions();
        var data = new Option<string?>("--data") { Description = "Dataset folder: one sub-folder of images per identity/class." };
        var synthetic = new Option<bool>("--synthetic") { Description = "Train on generated data (written to <out>/data) instead of --data." };
        var classes = new Option<int>("--classes") { Description = "Generated classes (with --synthetic).", DefaultValueFactory = _ => defaults.SyntheticClasses };
        var perClass = new Option<int>("--per-class") { Description = "Generated images per class (with --synthetic).", DefaultValueFactory = _ => defaults.SyntheticPerClass };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => defaults.Output };
        var tower = new Option<TowerKind?>("--tower") { Description = "Tower architecture: face (patch maps fitted in closed form, then trained with a contrastive-family loss; the default with --align yunet, and on faces a run finds itself), backbone (ImageNet ResNet18 features + a trained head; 224x224; the default for photos, colour or gray, and for the generated items), conv (trained from scratch; the default for two-tone images: characters, symbols, line drawings), patch (the closed-form fit alone) or baseline (the classic ORL tower). The run prints its choice and why." };
        var embeddingDim = new Option<int>("--embedding-dim") { Description = "Embedding length (0 = the tower's own default)." };
        var dropout = new Option<double>("--dropout") { Description = "Tower dropout (negative = the tower's default).", DefaultValueFactory = _ => defaults.Dropout };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay of the optimiser.", DefaultValueFactory = _ => defaults.WeightDecay };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (at most; early stopping may end sooner).", DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the pairs, the augmentation and the weights.", DefaultValueFactory = _ => defaults.Seed };
        var testIds = new Option<int?>("--test-identities") { Description = "Identities held out for testing (default: 10, or a third when fewer than 30)." };
        var valIds = new Option<int?>("--val-identities") { Description = "Identities carved from the rest for validation and threshold calibration (default: a sixth)." };
        var input = new Option<InputSize>("--input") { Description = "Model input HEIGHTxWIDTH.", DefaultValueFactory = _ => new InputSize(defaults.InputHeight, defaults.InputWidth), CustomParser = InputSize.Parse };
        var margin = new Option<double>("--margin") { Description = "Contrastive-loss margin.", DefaultValueFactory = _ => defaults.Margin };
        var optimizer = new Option<OptimizerKind>("--optimizer") { Description = "adam or rmsprop.", DefaultValueFactory = _ => defaults.Optimizer };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (cosine schedule after one warm-up epoch).", DefaultValueFactory = _ => defaults.LearningRate };
        var batch = new Option<int>("--batch-size") { Description = "Pairs per step.", DefaultValueFactory = _ => defaults.BatchSize };
        var pairs = new Option<int>("--pairs-per-epoch") { Description = "Balanced pairs drawn per epoch.", DefaultValueFactory = _ => defaults.PairsPerEpoch };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better validation loss (0 = never).", DefaultValueFactory = _ => defaults.Patience };
        var pairScheme = new Option<PairScheme>("--pairs") { Description = "identity: balanced pairs re-drawn each epoch; batch: every pair within steps of P identities x K images (--images-per-identity).", DefaultValueFactory = _ => defaults.Pairs };
        var loss = new Option<LossKind>("--loss") { Description = "contrastive (pairs), supcon (supervised contrastive) or multisimilarity (multi-similarity with pair mining); the last two over each P×K step, with --pairs batch.", DefaultValueFactory = _ => defaults.Loss };
        var temperature = new Option<double>("--temperature") { Description = "Temperature of --loss supcon.", DefaultValueFactory = _ => defaults.Temperature };
        var selection = new Option<SelectionKind>("--select") { Description = "Validation figure that picks the best epoch: loss or eer; last keeps the schedule's last epoch (a backbone refit's fits always do).", DefaultValueFactory = _ => defaults.Selection };
        var mirror = new Option<bool>("--mirror") { Description = "Conv and face towers: left-right symmetric embedding g(x) + g(mirror(x)).", DefaultValueFactory = _ => defaults.Mirror };
        var noSceneBorders = new Option<bool>("--no-scene-borders") { Description = "With --align yunet: keep the repeated edge where the aligned frame passes the picture, instead of filling it with random scene in half of the training images." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without augmentation." };
        var align = new Option<AlignMode>("--align") { Description = "none: the whole image, resized; yunet: the YuNet-aligned face (as the detect service cuts frames). Default: yunet when neither this nor --tower is named and YuNet finds a face in 12 or more of 16 sampled images, printed with its reason; none otherwise." };
        var detectorModel = new Option<string?>("--detector-model") { Description = "YuNet ONNX model for --align yunet (default: yunet_s_dynamic.onnx in the shared models folder)." };
        var far = new Option<double>("--calibrate-far") { Description = "False-accept rate the threshold is calibrated for on validation identities, in (0, 0.5].", DefaultValueFactory = _ => defaults.CalibrateFar };
        var episodes = new Option<int>("--episodes") { Description = "One-shot and open-set episodes.", DefaultValueFactory = _ => defaults.Episodes };
        var ways = new Option<int>("--ways") { Description = "One-shot ways (0 = all test identities)." };
        var quick = new Option<bool>("--quick") { Description = "A tiny run (seconds) for tests and CI smoke." };
        var resume = new Option<string?>("--resume") { Description = "Continue a run from its checkpoint: the run's folder, its checkpoints folder or checkpoints/last.json (its settings are used)." };
        var compareBaseline = new Option<bool>("--compare-baseline") { Description = "Also train the baseline tower with the same settings; figures side by side." };
        var compareClassic = new Option<bool>("--compare-classic") { Description = "Also train on the classic pair split and report the classic figure." };
        var channels = new Option<int?>("--channels") { Description = "Input channels: 1 (gray) or 3 (colour, RGB). Default: 3 for --tower backbone on colour images, 1 otherwise (gray images and --synthetic give the backbone gray input)." };
        var views = new Option<int>("--views") { Description = "Backbone tower: views of each training image whose features train the head (1-4: image, mirror, centre zoom, zoomed mirror).", DefaultValueFactory = _ => defaults.Views };
        var reportTestViews = new Option<bool>("--report-test-views") { Description = "Backbone tower: also report one-shot and gallery accuracy with test and gallery images embedded as the mean of several views (mirror, centre zoom, all four): what test-time augmentation would gain at 2x or 4x the backbone's cost, from the head's embedding of each view (--served-views says what the model serves)." };
        var featureStages = new Option<int?>("--feature-stages") { Description = "Backbone tower: how many of ResNet18's stages the head reads, each average-pooled and unit length: 1 (the last block, 512 values), 2 (also the stage before it, 768), 3 (896) or 4 (all four, 960). Default: 4, printed with its reason." };
        var pooling = new Option<BackbonePooling?>("--pooling") { Description = "Backbone tower: how the head pools ResNet18's last block: average (the package's own 7x7 average) or attention (a weighted average whose weights the head learns, from a 1x1 convolution's score of each place; on the measured grocery photos it raised shelf-to-shelf one-shot accuracy and lowered catalogue-to-shelf accuracy by about as much) or both (a head on each, trained side by side and served together; it raised both figures). Default: both, or average when the last block's whole maps of the run's images would take more than 2 GB of memory while the head trains." };
        var convShare = new Option<double?>("--conv-share") { Description = "Face tower: the share of every squared distance given to a conv companion trained beside the patch maps (0 to 1, exclusive of 1); 0 the patch maps alone. Default: 0.3, printed with its reason." };
        var patchScales = new Option<int?>("--patch-scales") { Description = "Patch and face towers: 2 fits each patch also at half resolution (its 2x2 pixel blocks averaged), twice the patches; 1 the patches alone. Default: 2, printed with its reason." };
        var servedShift = new Option<int?>("--served-shift") { Description = "Conv tower: the exported model embeds each image and its four copies moved diagonally by this many pixels and serves the unit-length mean of the five; 0 for the image alone. Default: 1 on data the conv tower is chosen for, 0 on aligned faces, printed with its reason." };
        var servedZoom = new Option<double?>("--served-zoom") { Description = "Backbone tower with two served views: the share of each side the served centre zoom keeps, 0.4 to 1 (exclusive). Default: 0.6, printed with its reason; it raised shelf-to-shelf one-shot accuracy on held-out item classes against 0.8 (trainer/README)." };
        var catalogueZoom = new Option<double?>("--catalogue-zoom") { Description = "Backbone tower with two served views: the share of each side the served zoom keeps of an image on a plain light background, as catalogue images are (the model tells them by the frame of the image, image by image; every other image keeps --served-zoom), 0.4 to 1 (exclusive), or 0 for none of its own. Default: 0.8 with a --gallery that trains (a closer zoom lowered catalogue-to-shelf accuracy), 0 otherwise, printed with its reason." };
        var servedViews = new Option<int?>("--served-views") { Description = "Backbone tower: views the exported model embeds per image: 1 (the image) or 2 (the image and its centre zoom, cut in the model; twice the backbone's cost per image). Default: 2, printed with its reason." };
        var featureCache = new Option<string>("--feature-cache") { Description = "Backbone tower: folder that keeps computed features between runs ('none' = no cache; with --synthetic and no folder given, the run's own <out>/feature-cache).", DefaultValueFactory = _ => defaults.FeatureCache! };
        var gallery = new Option<string?>("--gallery") { Description = "Folder per class of enrolment images (e.g. one catalogue image per product): test classes are also identified against them; those of training classes train." };
        var maxMinutes = new Option<double?>("--max-minutes") { Description = "Conv and baseline towers: a training time budget; the run stops before an epoch that would pass it and keeps its best epoch." };
        var fitHead = new Option<bool>("--fit-head") { Description = "Backbone tower: start the head from a closed-form fit (PCA + within-identity whitening of the training features) instead of random weights." };
        var members = new Option<int?>("--members") { Description = "Conv tower: train M member towers side by side from their own random starts and serve their embeddings concatenated (an ensemble in one model; M times the training time and the model's cost per image). Default: 2 for two-tone images (characters, symbols), printed with its reason; 1 otherwise." };
        var sideBySide = new Option<bool>("--side-by-side") { Description = "Face tower's threshold folds and a conv tower's members train at once, one libtorch thread each (faster on small towers; off by default: on CPUs with AVX-512 it rounds otherwise and changes the suite's figures, trainer/README)." };
        var rotatedClasses = new Option<bool?>("--rotated-classes") { Description = "Conv and baseline towers: each training image turned by 90°, 180° and 270° trains as a class of its own (4x the training classes; a turned character is another character). Default: on for two-tone images (characters, symbols) with the conv tower, printed with its reason; off otherwise." };
        var imagesPerIdentity = new Option<int?>("--images-per-identity") { Description = "With --pairs batch: K, the images of each identity in a step of batch-size/2 identities (an epoch keeps about 2 x pairs-per-epoch images, in fewer steps for a larger K); 2 to 256. Default: 8 for the backbone tower with a --gallery that trains every step, printed with its reason; 4 otherwise." };
        var galleryEveryStep = new Option<bool?>("--gallery-every-step") { Description = "Backbone tower, --pairs batch: a training class's --gallery image is in every step that draws the class (--gallery-every-step false: 1 of its K images by chance). Default: on when --gallery is given, printed with its reason." };
        var trainOnGallery = new Option<bool?>("--train-on-gallery") { Description = "With --gallery: whether the training classes' gallery images train with their class (default: true; the backbone tower's validation classes' too). --train-on-gallery false only scores the test classes against the gallery, with the model, choices and served zoom of a run without --gallery: what a model trained on photos alone gives where catalogue images are enrolled." };
        var refit = new Option<bool?>("--refit") { Description = "Backbone tower: after calibrating the threshold on the validation identities, train the head again from the same start on the training and validation identities together and ship that model (both fits keep their last epoch; twice the head's training time). Default: on when there are validation identities, printed with its reason." };
        var cohortPeople = new Option<int?>("--cohort-people") { Description = $"Face tower (threshold folds over the training identities): the folds also score each embedding divided by its mean distance to the N nearest training people after the very nearest, and the model scales its embedding so where that lowers their EER without lowering their one-shot accuracy, printed with the figures; the model then holds an embedding of each training face (keep it as you keep their photos); 0 never. Default: {Towers.FaceCohort.DefaultNearest}." };
        var thresholdFolds = new Option<int?>("--threshold-folds") { Description = "Backbone tower: calibrate the threshold on K folds over the training and validation identities (each fold's head trained without the identities it scores, their scores pooled) instead of on the validation identities alone; 0 for the validation identities. Default: 5 when the validation identities are 10 or fewer (fewer folds, down to 3, where the training and validation identities number under 10), printed with its reason; 0 otherwise." };
        var splitGroups = new Option<string?>("--split-groups") { Description = "Regular expression naming each label's group; test and validation take whole groups (Omniglot alphabets: '^.*(?=_character)')." };
        var groupedSteps = new Option<bool?>("--grouped-steps") { Description = "With --split-groups and steps of identities x images (--pairs batch): each step takes its identities from as few groups as fill it, so its impostors are one group's look-alikes. Default: on for the conv tower, printed with its reason; off otherwise." };
        var results = new Option<string?>("--results") { Description = "Also write a benchmark results file (e.g. bench/results/trainer-orl.json)." };

        // Checked as the command line is read: before, --lr 0 or NaN trained a run that learnt nothing, --calibrate-far 0 a
        // run towards a threshold no number of pairs resolves (NaN failed only after training), and a negative count or
        // margin failed with an internal parameter's name.
        MustBe(far, v => v > 0 && v <= 0.5, "in (0, 0.5], for example 0.001");
        MustBe(lr, v => v > 0 && double.IsFinite(v), "positive, for example 0.002");
        MustBe(margin, v => v > 0 && double.IsFinite(v), "positive, for example 1");
        MustBe(temperature, v => v > 0 && double.IsFinite(v), "positive, for example 0.05");
        MustBe(weightDecay, v => v >= 0 && double.IsFinite(v), "0 or more, for example 0.0001");
        MustBe(dropout, v => v < 1 && !double.IsNaN(v), "below 1 (negative: the tower's default)");
        MustBe(views, v => v is >= 1 and <= 4, "1 to 4");
        MustBe(testIds, v => v is null or >= 0, "0 or more");
        MustBe(valIds, v => v is null or >= 0, "0 or more");
        MustBe(cohortPeople, v => v is null or (>= 0 and <= TrainOptions.MaximumCohortPeople), $"0 to {TrainOptions.MaximumCohortPeople}");
        MustBe(thresholdFolds, v => v is null or 0 or (>= 2 and <= TrainOptions.MaximumThresholdFolds), $"0 or 2 to {TrainOptions.MaximumThresholdFolds}");

        var command = new Command("train", "Train a tower, evaluate it on unseen identities and export model.onnx.")
        {
            data, synthetic, classes, perClass, output, tower, embeddingDim, dropout, weightDecay, epochs, seed, testIds, valIds, input, margin, optimizer, lr,
            batch, pairs, pairScheme, loss, temperature, selection, mirror, noSceneBorders, patience, noAugment, align, detectorModel, far, episodes, ways, quick, resume, compareBaseline, compareClassic, results,
            channels, views, reportTestViews, servedViews, servedZoom, catalogueZoom, servedShift, patchScales, convShare, featureStages, pooling, featureCache, gallery, splitGroups, groupedSteps, fitHead, galleryEveryStep, imagesPerIdentity, trainOnGallery, refit, thresholdFolds, cohortPeople, rotatedClasses, members, sideBySide, maxMinutes,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(resume) is null && result.GetValue(data) is null == !result.GetValue(synthetic))
            {
                result.AddError("Pass exactly one of --data <folder> or --synthetic (or --resume <checkpoint>).");
            }

            // A resumed run keeps the settings it was started with (its checkpoint records them): an option given beside
            // --resume would be ignored, so it is refused instead. --data only says where the run's own data is now.
            if (result.GetValue(resume) is not null
                && result.Children.OfType<OptionResult>().Where(o => !o.Implicit && o.Option != resume && o.Option != data).Select(o => o.Option.Name).ToList() is [_, ..] given)
            {
                result.AddError(
                    $"{string.Join(", ", given)}: --resume continues the run with the settings it was started with, and takes only --data beside it " +
                    "(where the run's data is now). To train with other settings, start a new run.");
            }
        });
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            // The kind of data, for the tower when none is named: colour photos, gray two-tone images (characters), other
            // gray images (the generated items are gray renders with shading). A resumed run keeps its checkpoint's.
            var folder = parse.GetValue(resume) is null ? parse.GetValue(data) : null;
            var colour = folder is not null && parse.GetValue(tower) is null && ColourProbe.IsColour(folder);
            var twoTone = folder is not null && parse.GetValue(tower) is null && parse.GetValue(align) == AlignMode.None && !colour && TwoToneProbe.IsTwoTone(folder);
            var options = Build(parse, parse.GetValue(tower) ?? TrainOptions.DefaultTower(parse.GetValue(align), colour, twoTone), parse.GetValue(align), colour);
            // Neither --tower nor --align: faces are aligned and get the face tower.
            if (parse.GetValue(tower) is null && parse.GetResult(align) is null or { Implicit: true } && parse.GetValue(resume) is null
                && AdaptiveDefaults.ChooseAlign(options, Console.Out) == AlignMode.YuNet)
            {
                options = Build(parse, TrainOptions.DefaultTower(AlignMode.YuNet), AlignMode.YuNet, colour);
            }

            if (options.Quick)
            {
                options = TrainingDefaults.Quick(options);
            }

            new TrainingPipeline(Console.Out).Run(options, parse.GetValue(resume));
            return 0;
        }));

        // The run's options for the tower and alignment chosen; the rest as the command line gives them.
        // colour: the data was found to be in colour (a backbone chosen for gray data reads it gray unless --channels says otherwise).
        TrainOptions Build(ParseResult parse, TowerKind kind, AlignMode alignment, bool colour)
        {
            var size = parse.GetValue(input);
            if (kind == TowerKind.Backbone && parse.GetResult(input) is null or { Implicit: true })
            {
                // ResNet18's mean image and final pooling are 224×224: the backbone tower's input when none is named.
                size = new InputSize(224, 224);
            }

            return new TrainOptions
            {
                Data = parse.GetValue(data),
                Synthetic = parse.GetValue(synthetic),
                SyntheticClasses = Positive(parse.GetValue(classes), "--classes"),
                SyntheticPerClass = Positive(parse.GetValue(perClass), "--per-class"),
                Output = OutputFile.CheckFolder("--out", parse.GetValue(output)!, "the run writes to"),
                Tower = kind,
                EmbeddingDimension = parse.GetValue(embeddingDim),
                Dropout = parse.GetValue(dropout),
                WeightDecay = parse.GetValue(weightDecay),
                Epochs = Positive(parse.GetValue(epochs), "--epochs"),
                Seed = parse.GetValue(seed),
                TestIdentities = parse.GetValue(testIds),
                ValidationIdentities = parse.GetValue(valIds),
                InputHeight = size.Height,
                InputWidth = size.Width,
                Margin = parse.GetValue(margin),
                Optimizer = parse.GetValue(optimizer),
                LearningRate = parse.GetValue(lr),
                BatchSize = Positive(parse.GetValue(batch), "--batch-size"),
                PairsPerEpoch = Positive(parse.GetValue(pairs), "--pairs-per-epoch"),
                Patience = parse.GetValue(patience),
                Pairs = kind == TowerKind.Backbone && parse.GetResult(pairScheme) is null or { Implicit: true } ? PairScheme.Batch : parse.GetValue(pairScheme),
                // Backbone: supervised contrastive over P×K steps unless told otherwise (grocery, trainer README).
                Loss = kind == TowerKind.Backbone && parse.GetResult(loss) is null or { Implicit: true } ? LossKind.SupCon : parse.GetValue(loss),
                Temperature = parse.GetValue(temperature),
                // Backbone: the best epoch by validation EER (the head starts from a fit whose EER training must beat).
                Selection = kind == TowerKind.Backbone && parse.GetResult(selection) is null or { Implicit: true } ? SelectionKind.Eer : parse.GetValue(selection),
                Mirror = parse.GetValue(mirror),
                SceneBorders = !parse.GetValue(noSceneBorders),
                Augment = !parse.GetValue(noAugment),
                Align = alignment,
                DetectorModel = parse.GetValue(detectorModel),
                CalibrateFar = parse.GetValue(far),
                Episodes = Positive(parse.GetValue(episodes), "--episodes"),
                Ways = parse.GetValue(ways),
                Quick = parse.GetValue(quick),
                CompareBaseline = parse.GetValue(compareBaseline),
                CompareClassic = parse.GetValue(compareClassic),
                Results = OutputFile.Check("--results", parse.GetValue(results), "trainer-run.json"),
                Channels = parse.GetValue(channels) is { } c and not (1 or 3) ? throw new ArgumentException($"--channels must be 1 (gray) or 3 (colour), not {c}.")
                    : parse.GetValue(channels) ?? (kind == TowerKind.Backbone && parse.GetValue(tower) is null && !colour ? 1 : null),
                Views = parse.GetValue(views),
                ReportTestViews = parse.GetValue(reportTestViews),
                ServedViews = parse.GetValue(servedViews),
                ServedZoom = parse.GetValue(servedZoom) is { } zoom ? ImageView.CheckServedZoom(zoom) : null,
                CatalogueZoom = parse.GetValue(catalogueZoom) is { } catalogue ? ImageView.CheckCatalogueZoom(catalogue) : null,
                ServedShift = parse.GetValue(servedShift),
                PatchScales = parse.GetValue(patchScales),
                ConvShare = parse.GetValue(convShare),
                FeatureStages = parse.GetValue(featureStages),
                Pooling = parse.GetValue(pooling),
                FeatureCache = FeatureCacheOf(parse.GetValue(featureCache), given: parse.GetResult(featureCache) is { Implicit: false }),
                Gallery = parse.GetValue(gallery),
                SplitGroups = parse.GetValue(splitGroups),
                GroupedSteps = parse.GetValue(groupedSteps),
                FitHead = parse.GetValue(fitHead),
                GalleryEveryStep = parse.GetValue(galleryEveryStep),
                ImagesPerIdentity = parse.GetValue(imagesPerIdentity) is { } k and (< 2 or > 256) ? throw new ArgumentException($"--images-per-identity must be 2 to 256 (a step pairs each image with another of its identity), not {k}.") : parse.GetValue(imagesPerIdentity),
                TrainOnGallery = parse.GetValue(trainOnGallery),
                Refit = parse.GetValue(refit),
                ThresholdFolds = parse.GetValue(thresholdFolds),
                CohortPeople = parse.GetValue(cohortPeople),
                RotatedClasses = parse.GetValue(rotatedClasses),
                TrainSideBySide = parse.GetValue(sideBySide),
                Members = parse.GetValue(members) is { } count and not (>= 1 and <= TrainOptions.MaximumMembers) ? throw new ArgumentException($"--members must be 1 to {TrainOptions.MaximumMembers} (got {count}).") : parse.GetValue(members),
                MaxTrainMinutes = parse.GetValue(maxMinutes) is { } m and not > 0 ? throw new ArgumentException($"--max-minutes must be positive (got {m}).") : parse.GetValue(maxMinutes),
                Adaptive = AdaptiveSettings.Augmentation | Open(parse, input, AdaptiveSettings.InputSize) | Open(parse, pairs, AdaptiveSettings.Budget) | (parse.GetValue(tower) is null ? AdaptiveSettings.Tower : AdaptiveSettings.None)
                    | (Open(parse, pairScheme, AdaptiveSettings.Recipe) & Open(parse, loss, AdaptiveSettings.Recipe) & Open(parse, selection, AdaptiveSettings.Recipe)),
                Command = "dotnet run --project trainer/Siamese.Trainer -c Release -- " + string.Join(' ', args.Select(Quote)),
            };
        }

        return command;
    }

    /// <summary>
    /// --feature-cache as the run keeps it: null for 'none'; a folder given, whole (as the working directory places it
    /// anyway), so that one given as artifacts/feature-cache is not the default, which a --synthetic run replaces by its
    /// own folder (<see cref="TrainOptions.FeatureCacheFolder"/>).
    /// </summary>
    internal static string? FeatureCacheOf(string? value, bool given) =>
        value is null or "none" or "" ? null : given ? Path.GetFullPath(value) : value;

    /// <summary><paramref name="setting"/> when the command line did not give <paramref name="option"/> (the data then chooses it).</summary>
    private static AdaptiveSettings Open(ParseResult parse, Option option, AdaptiveSettings setting) =>
        parse.GetResult(option) is null or { Implicit: true } ? setting : AdaptiveSettings.None;

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive (got {value}).");


    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,".Contains(c)) ? arg : $"'{arg}'";

    private static void MustBe<T>(Option<T> option, Func<T, bool> valid, string what) =>
        option.Validators.Add(r =>
        {
            if (r.TryGetValue<T>(out var v) && !valid(v))
            {
                r.AddError($"{option.Name} must be {what} (got {Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}).");
            }
        });
}
