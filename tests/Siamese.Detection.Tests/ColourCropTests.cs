using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Detection.Tests;

public sealed class ColourCropTests
{
    private static readonly CropTarget ColourItemModel = new(224, 224, ModelCrops.Resize, Channels: 3);
    private static readonly CropTarget GrayItemModel = new(224, 224, ModelCrops.Resize);
    private static readonly RgbImage Picture = new(120, 100, [.. Enumerable.Range(0, 120 * 100 * 3).Select(i => (byte)((i * 7) % 251))]);

    [Fact]
    public void AColourModelGetsTheWholePictureInColourAsItCame()
    {
        var crop = Assert.Single(Planner().Plan(Picture, ColourItemModel).Crops);

        Assert.Same(Picture, crop.Colour);
    }

    [Fact]
    public void AColourModelsRegionIsCutFromTheColourPicture()
    {
        var region = new PixelRect(10, 20, 40, 30);

        var crop = Assert.Single(Planner().Plan(Picture, ColourItemModel, regions: [region]).Crops);

        Assert.Equal(Picture.Crop(region).Rgb, crop.Colour!.Rgb);
        Assert.Equal(region, crop.Region);
    }

    [Fact]
    public void AGrayModelGetsNoColourCrop()
    {
        var crop = Assert.Single(Planner().Plan(Picture, GrayItemModel).Crops);

        Assert.Null(crop.Colour);
    }

    [Fact]
    public void TheTargetOfAColourModelsMetadataAsksForColour()
    {
        var metadata = new ModelMetadata
        {
            Name = "items",
            Version = "1",
            InputHeight = 224,
            InputWidth = 224,
            InputChannels = 3,
            EmbeddingDimension = 128,
            Threshold = 0.5f,
        };

        Assert.Equal(3, CropTarget.Of(metadata).Channels);
    }

    private static CropPlanner Planner() => new(new DetectorSet(null, null), new CropOptions());
}
