using Siamese.Trainer.Backbone;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class AdaptiveDefaultsTests
{
    [Fact]
    public void SquareCharactersKeepTheirAspectInsteadOfBeingSquashedToTheFaceSize()
    {
        var (height, width, reason) = AdaptiveDefaults.InputSize([.. Enumerable.Repeat((105, 105), 20)], AlignMode.None);

        Assert.Equal(height, width);
        Assert.InRange(height, 48, 54);
        Assert.Contains("aspect 1.00", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PortraitsOfOrlsSizeGiveTheSizeTheTowersWereMeasuredAt()
    {
        var (height, width, _) = AdaptiveDefaults.InputSize([(92, 112), (92, 112), (100, 120)], AlignMode.None);

        Assert.Equal((56, 46), (height, width));
    }

    [Fact]
    public void SmallImagesAreNeverEnlarged()
    {
        var (height, width, reason) = AdaptiveDefaults.InputSize([(40, 30), (40, 30), (40, 30)], AlignMode.None);

        Assert.Equal((30, 40), (height, width));
        Assert.Contains("never enlarged", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AlignedFacesUseTheAlignerTemplateWhateverThePictureSize()
    {
        var (height, width, _) = AdaptiveDefaults.InputSize([(320, 243)], AlignMode.YuNet);
        var (convHeight, convWidth, convReason) = AdaptiveDefaults.InputSize([(320, 243)], AlignMode.YuNet, tower: Towers.TowerKind.Conv);

        // The patch and face towers' template (chosen by the folds' EER); the conv tower keeps the size it was measured at.
        Assert.Equal((42, 35), (height, width));
        var (patchHeight, patchWidth, _) = AdaptiveDefaults.InputSize([(320, 243)], AlignMode.YuNet, tower: Towers.TowerKind.Patch);
        Assert.Equal((42, 35), (patchHeight, patchWidth));
        Assert.Equal((56, 46), (convHeight, convWidth));
        Assert.Contains("56x46", convReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 1000)]
    [InlineData(250, 1000)]
    [InlineData(600, 2400)]
    [InlineData(20_000, 4000)]
    public void PairsPerEpochGrowWithTheTrainingImagesWithinBounds(int trainImages, int expected)
    {
        var (pairs, reason) = AdaptiveDefaults.Budget(trainImages);

        Assert.Equal(expected, pairs);
        Assert.Contains("per training image", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FacesGetTheFaceTowerAndItemsTheBackboneEachWithAReason()
    {
        Assert.Equal(Towers.TowerKind.Face, TrainOptions.DefaultTower(AlignMode.YuNet));
        Assert.Equal(Towers.TowerKind.Backbone, TrainOptions.DefaultTower(AlignMode.None));
        Assert.Contains("faces", AdaptiveDefaults.TowerReason(Towers.TowerKind.Face, AlignMode.YuNet), StringComparison.Ordinal);
        Assert.Contains("items", AdaptiveDefaults.TowerReason(Towers.TowerKind.Backbone, AlignMode.None, channels: 1), StringComparison.Ordinal);
    }

    [Fact]
    public void ARunPrintsEveryChoiceItLeftToTheDataWithItsReason()
    {
        var log = new StringWriter();
        var images = Enumerable.Range(0, 5).Select(_ => new Imaging.GrayImage(105, 105, new float[105 * 105])).ToArray();
        var options = new TrainOptions { Tower = Towers.TowerKind.Conv, Adaptive = AdaptiveSettings.All };

        var chosen = AdaptiveDefaults.ChooseRecipe(AdaptiveDefaults.ChooseBudget(AdaptiveDefaults.ChooseInput(options, images, log), trainImages: 3000, log), trainIdentities: 150, log);

        Assert.Equal(chosen.InputHeight, chosen.InputWidth);
        Assert.Equal(AdaptiveDefaults.MaximumPairs, chosen.PairsPerEpoch);
        Assert.Equal(AdaptiveSettings.None, chosen.Adaptive);
        var text = log.ToString();
        Assert.Contains("Tower conv:", text, StringComparison.Ordinal);
        Assert.Contains("Input 51x51:", text, StringComparison.Ordinal);
        Assert.Contains("Budget:", text, StringComparison.Ordinal);
        Assert.Contains("Loss supcon (temperature 0.05)", text, StringComparison.Ordinal);
        Assert.Equal(0.05, chosen.Temperature);
    }

    [Fact]
    public void SettingsTheUserGaveAreKept()
    {
        var log = new StringWriter();
        var options = new TrainOptions { Tower = Towers.TowerKind.Conv, InputHeight = 64, InputWidth = 64, PairsPerEpoch = 500, Adaptive = AdaptiveSettings.None };

        var chosen = AdaptiveDefaults.ChooseBudget(AdaptiveDefaults.ChooseInput(options, [new Imaging.GrayImage(105, 105, new float[105 * 105])], log), trainImages: 3000, log);

        Assert.Equal(options, chosen);
        Assert.Equal("", log.ToString());
    }

    [Theory]
    [InlineData(5_000, Towers.BackbonePooling.Both, "Pooling both")]
    [InlineData(21_000, Towers.BackbonePooling.Both, "Pooling both")]
    [InlineData(22_000, Towers.BackbonePooling.Average, "Pooling average")]
    public void TheBackbonePoolsBothWaysWhileTheWholeMapsFitInMemoryAndTheAverageAloneBeyond(int entries, Towers.BackbonePooling expected, string said)
    {
        var log = new StringWriter();
        var options = new TrainOptions { Tower = Towers.TowerKind.Backbone, FeatureStages = 4 };

        var chosen = AdaptiveDefaults.ChoosePooling(options, entries, log);

        Assert.Equal(expected, chosen.Pooling);
        Assert.StartsWith(said, log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void APoolingTheUserGaveAClosedFormHeadOrAnotherTowerIsLeftAsItIs()
    {
        var log = new StringWriter();
        var given = new TrainOptions { Tower = Towers.TowerKind.Backbone, FeatureStages = 4, Pooling = Towers.BackbonePooling.Both };
        var fitted = new TrainOptions { Tower = Towers.TowerKind.Backbone, FeatureStages = 4, FitHead = true };
        var conv = new TrainOptions { Tower = Towers.TowerKind.Conv };

        Assert.Equal(given, AdaptiveDefaults.ChoosePooling(given, 1_000_000, log));
        Assert.Equal(Towers.BackbonePooling.Average, AdaptiveDefaults.ChoosePooling(fitted, 10, log).Pooling);
        Assert.Null(AdaptiveDefaults.ChoosePooling(conv, 10, log).Pooling);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void TheBackboneRefitsWhenThereAreValidationIdentitiesToCalibrateOnFirstEachWithAReason()
    {
        var log = new StringWriter();
        var backbone = new TrainOptions { Tower = Towers.TowerKind.Backbone };

        Assert.True(AdaptiveDefaults.ChooseRefit(backbone, validationIdentities: 7, log).Refit);
        Assert.StartsWith("Refit: ", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("7 validation identities", log.ToString(), StringComparison.Ordinal);

        var without = new StringWriter();
        Assert.False(AdaptiveDefaults.ChooseRefit(backbone, validationIdentities: 0, without).Refit);
        Assert.StartsWith("Refit off: no validation identities", without.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheBackboneCalibratesOnThresholdFoldsWhenItsValidationIdentitiesAreTooFewWithAReason()
    {
        var log = new StringWriter();
        var backbone = new TrainOptions { Tower = Towers.TowerKind.Backbone };

        Assert.Equal(AdaptiveDefaults.DefaultThresholdFolds, AdaptiveDefaults.ChooseThresholdFolds(backbone, trainIdentities: 33, validationIdentities: 7, log).ThresholdFolds);
        Assert.Equal(AdaptiveDefaults.DefaultThresholdFolds, AdaptiveDefaults.ChooseThresholdFolds(backbone, 50, AdaptiveDefaults.ThresholdFoldsUpTo, new StringWriter()).ThresholdFolds);
        Assert.StartsWith($"Threshold folds {AdaptiveDefaults.DefaultThresholdFolds}: 7 validation identities are few", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("all 40 training and validation identities", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(", not ", log.ToString(), StringComparison.Ordinal);

        // Fewer identities: as many folds as leave each 2 to score, down to the fewest, and the run says why.
        var fewer = new StringWriter();
        Assert.Equal(4, AdaptiveDefaults.ChooseThresholdFolds(backbone, 6, 3, fewer).ThresholdFolds);
        Assert.Contains($"Threshold folds 4: 3 validation identities are few", fewer.ToString(), StringComparison.Ordinal);
        Assert.Contains($"(4, not {AdaptiveDefaults.DefaultThresholdFolds}: each fold needs 2 identities to score)", fewer.ToString(), StringComparison.Ordinal);
        Assert.Equal(AdaptiveDefaults.FewestThresholdFolds, AdaptiveDefaults.ChooseThresholdFolds(backbone, 2 * AdaptiveDefaults.FewestThresholdFolds - 2, 2, new StringWriter()).ThresholdFolds);

        // Enough validation identities, or too few identities for the folds: the validation identities, silently.
        var quiet = new StringWriter();
        Assert.Equal(0, AdaptiveDefaults.ChooseThresholdFolds(backbone, 50, AdaptiveDefaults.ThresholdFoldsUpTo + 1, quiet).ThresholdFolds);
        Assert.Equal(0, AdaptiveDefaults.ChooseThresholdFolds(backbone, 3, 2, quiet).ThresholdFolds);
        Assert.Null(AdaptiveDefaults.ChooseThresholdFolds(new TrainOptions { Tower = Towers.TowerKind.Conv }, 33, 7, quiet).ThresholdFolds);
        Assert.Equal("", quiet.ToString());
    }

    [Fact]
    public void ThresholdFoldsTheUserGaveAreKeptAndFoldsWithTooFewIdentitiesAreRefusedByName()
    {
        var log = new StringWriter();
        var given = new TrainOptions { Tower = Towers.TowerKind.Backbone, ThresholdFolds = 5 };

        Assert.Equal(given, AdaptiveDefaults.ChooseThresholdFolds(given, 8, 2, log));
        Assert.Equal(0, AdaptiveDefaults.ChooseThresholdFolds(given with { ThresholdFolds = 0 }, 8, 2, log).ThresholdFolds);
        Assert.Equal("", log.ToString());
        var error = Assert.Throws<ArgumentException>(() => AdaptiveDefaults.ChooseThresholdFolds(given, 7, 2, log));
        Assert.Contains("--threshold-folds 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefitTheUserGaveOrAnotherTowerIsLeftAsItIsAndARefitWithNothingToCalibrateOnIsRefused()
    {
        var log = new StringWriter();
        var given = new TrainOptions { Tower = Towers.TowerKind.Backbone, Refit = false };
        var conv = new TrainOptions { Tower = Towers.TowerKind.Conv };

        Assert.Equal(given, AdaptiveDefaults.ChooseRefit(given, 7, log));
        Assert.Null(AdaptiveDefaults.ChooseRefit(conv, 7, log).Refit);
        Assert.Equal("", log.ToString());
        var error = Assert.Throws<ArgumentException>(() => AdaptiveDefaults.ChooseRefit(new TrainOptions { Tower = Towers.TowerKind.Backbone, Refit = true }, 0, log));
        Assert.Contains("--val-identities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBackboneServesPhotosACloserZoomAndWithAGalleryCatalogueImagesTheTrainingViewsZoomEachWithAReason()
    {
        var photos = new StringWriter();
        var catalogue = new StringWriter();
        var backbone = new TrainOptions { Tower = Towers.TowerKind.Backbone, ServedViews = 2 };

        var withoutGallery = AdaptiveDefaults.ChooseServedZoom(backbone, photos);
        var withGallery = AdaptiveDefaults.ChooseServedZoom(backbone with { Gallery = "catalogue" }, catalogue);

        Assert.Equal(AdaptiveDefaults.PhotoEnrolmentServedZoom, withoutGallery.ServedZoom);
        Assert.Equal(0, withoutGallery.CatalogueZoom);
        Assert.StartsWith("Served zoom 0.6: no --gallery", photos.ToString(), StringComparison.Ordinal);
        Assert.Contains("centre 134x134 of 224", photos.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Catalogue zoom", photos.ToString(), StringComparison.Ordinal);
        Assert.Equal(AdaptiveDefaults.PhotoEnrolmentServedZoom, withGallery.ServedZoom);
        Assert.Equal(ImageView.Zoom, withGallery.CatalogueZoom);
        Assert.StartsWith("Served zoom 0.6: the photos are what gets searched", catalogue.ToString(), StringComparison.Ordinal);
        Assert.Contains("Catalogue zoom 0.8: the --gallery's catalogue images will be enrolled", catalogue.ToString(), StringComparison.Ordinal);
        Assert.Contains("more than 60% of its 12-pixel frame light and unsaturated", catalogue.ToString(), StringComparison.Ordinal);
        Assert.Contains("keeps its centre 179x179 of 224, as the training views do, while a photo keeps 134x134", catalogue.ToString(), StringComparison.Ordinal);
        Assert.Contains("(--served-zoom 0.8 for the one zoom of before for every image, --catalogue-zoom 0 for the photos' zoom for every image)", catalogue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ACatalogueZoomTheUserGaveIsKeptAndOneThatCutsThePhotosSideIsNotChosen()
    {
        var gallery = new TrainOptions { Tower = Towers.TowerKind.Backbone, ServedViews = 2, Gallery = "catalogue" };
        var log = new StringWriter();

        var given = AdaptiveDefaults.ChooseServedZoom(gallery with { CatalogueZoom = 0.9 }, log);
        var off = AdaptiveDefaults.ChooseServedZoom(gallery with { CatalogueZoom = 0 }, TextWriter.Null);
        var quiet = new StringWriter();
        var trainingZoom = AdaptiveDefaults.ChooseServedZoom(gallery with { ServedZoom = ImageView.Zoom }, quiet);

        Assert.Equal(0.9, given.CatalogueZoom);
        Assert.Contains("Catalogue zoom 0.9: an image on a plain light background keeps the centre 202x202 of 224 instead (--catalogue-zoom).", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, off.CatalogueZoom);
        Assert.Equal(AdaptiveDefaults.PhotoEnrolmentServedZoom, off.ServedZoom);
        // A served zoom of 0.8 given with a gallery is the one-zoom model of before, and a wider one leaves the catalogue
        // images no wider zoom: no catalogue zoom of its own.
        Assert.Equal(0, trainingZoom.CatalogueZoom);
        Assert.Equal(0, AdaptiveDefaults.ChooseServedZoom(gallery with { ServedZoom = 0.9 }, quiet).CatalogueZoom);
        Assert.DoesNotContain("Catalogue zoom", quiet.ToString(), StringComparison.Ordinal);
        var same = new StringWriter();
        Assert.Equal(0.6, AdaptiveDefaults.ChooseServedZoom(gallery with { CatalogueZoom = 0.6 }, same).CatalogueZoom);
        Assert.Contains("Catalogue zoom 0.6: the side the served zoom cuts for every image (134x134 of 224), so none of its own (--catalogue-zoom).", same.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheBackboneDrawsEightImagesOfEachIdentityWhereACatalogueImageIsInEveryStepWithItsReason()
    {
        var log = new StringWriter();
        var backbone = new TrainOptions { Tower = Towers.TowerKind.Backbone, GalleryEveryStep = true, Pairs = PairScheme.Batch };

        var chosen = AdaptiveDefaults.ChooseImagesPerIdentity(backbone, log);
        var photosOnly = AdaptiveDefaults.ChooseImagesPerIdentity(backbone with { GalleryEveryStep = null }, TextWriter.Null);
        var given = AdaptiveDefaults.ChooseImagesPerIdentity(backbone with { ImagesPerIdentity = 4 }, TextWriter.Null);
        var conv = AdaptiveDefaults.ChooseImagesPerIdentity(backbone with { Tower = Towers.TowerKind.Conv }, TextWriter.Null);
        var randomPairs = AdaptiveDefaults.ChooseImagesPerIdentity(backbone with { Pairs = PairScheme.Identity }, TextWriter.Null);

        Assert.Equal(8, chosen.ImagesPerIdentity);
        Assert.StartsWith("Images per identity 8: each step draws 32 identities x up to 8 images", log.ToString(), StringComparison.Ordinal);
        Assert.Null(photosOnly.ImagesPerIdentity);
        Assert.Equal(4, given.ImagesPerIdentity);
        Assert.Null(conv.ImagesPerIdentity);
        Assert.Null(randomPairs.ImagesPerIdentity); // --pairs identity draws no K: it would be refused
        Assert.Equal(TrainOptions.DefaultImagesPerIdentity, photosOnly.StepImagesPerIdentity);
    }

    [Fact]
    public void AGalleryThatIsOnlyScoredLeavesTheZoomAndStepsOfARunWithoutOne()
    {
        var log = new StringWriter();
        var scored = new TrainOptions { Tower = Towers.TowerKind.Backbone, ServedViews = 2, Gallery = "catalogue", TrainOnGallery = false };

        var chosen = AdaptiveDefaults.ChooseGalleryEveryStep(AdaptiveDefaults.ChooseServedZoom(scored, log), log);

        Assert.False(scored.TrainsOnGallery);
        Assert.True((scored with { TrainOnGallery = null }).TrainsOnGallery);
        Assert.Equal(AdaptiveDefaults.PhotoEnrolmentServedZoom, chosen.ServedZoom);
        Assert.Equal(0, chosen.CatalogueZoom);
        Assert.Null(chosen.GalleryEveryStep);
        Assert.StartsWith("Served zoom 0.6: the --gallery is only scored (--train-on-gallery false), as a run without one, so photos", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Gallery every step", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AServedZoomTheUserGaveIsKeptAndSaidOnceAndOneServedViewOrAnotherTowerHasNoZoomToChoose()
    {
        var log = new StringWriter();
        var given = new TrainOptions { Tower = Towers.TowerKind.Backbone, ServedViews = 2, ServedZoom = 0.7 };
        var single = new TrainOptions { Tower = Towers.TowerKind.Backbone, ServedViews = 1 };
        var conv = new TrainOptions { Tower = Towers.TowerKind.Conv };

        Assert.Equal(given with { CatalogueZoom = 0 }, AdaptiveDefaults.ChooseServedZoom(given, log));
        Assert.Equal("Served zoom 0.7: the second served view keeps the centre 157x157 of 224 (--served-zoom; the training views keep 0.8).", log.ToString().Trim());

        var quiet = new StringWriter();
        Assert.Equal(single, AdaptiveDefaults.ChooseServedZoom(single, quiet));
        Assert.Equal(conv, AdaptiveDefaults.ChooseServedZoom(conv, quiet));
        Assert.Equal("", quiet.ToString());
    }
}
