using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Detection.Tests;

/// <summary>Photos far larger than the detector's copy (issue #13): faces still found, boxes in the pixels of the image as sent.</summary>
public sealed class LargePictureTests
{
    private static readonly CropTarget FaceModel = new(92, 112, ModelCrops.YuNetAligned);

    [SharedDataFact]
    public void FacePhotosAtOrdinaryPhotoSizesAreFoundAndCutLikeTheTrainersPortrait()
    {
        var planner = WithYuNet();
        var face = TestData.OrlFace(1, 1);
        var trainer = TestData.Cropper(92, 112).CropPortrait(face).Crop;
        foreach (var (width, height) in new[] { (1380, 1680), (1840, 2240), (2190, 2666) })
        {
            var photo = ImageEncoder.EncodeJpeg(RgbImage.FromGray(face.Resize(width, height)));

            var plan = planner.Plan(planner.Decode(photo, ImageLimits.Default, FaceModel), FaceModel);

            var crop = Assert.Single(plan.Crops);
            Assert.Equal((width, height), (plan.ImageWidth, plan.ImageHeight));
            Assert.True(crop.Box.Width > width / 2, $"box {crop.Box} in a {width}×{height} photo");
            var difference = TestData.MeanAbsDifference(trainer, crop.Crop);
            Assert.True(difference < 12, $"{width}×{height}: the crop differs from the trainer's of the 92×112 original by {difference:0.0} gray levels on average");
        }
    }

    [SharedDataFact]
    public void ALargeJpegIsDecodedReducedAndItsFaceBoxIsInThePixelsAsSent()
    {
        var scene = FaceScene.Create(TestData.OrlFace(8, 3).Resize(276, 336), seed: 3, width: 2666, height: 2000);
        var photo = ImageEncoder.EncodeJpeg(ImageDecoder.DecodeRgb(scene.Png));
        var planner = WithYuNet();

        var decoded = planner.Decode(photo, ImageLimits.Default, FaceModel);
        var plan = planner.Plan(decoded, FaceModel);

        Assert.True(decoded.Reduced);
        Assert.True(Math.Max(decoded.Image.Width, decoded.Image.Height) >= planner.Options.MaxDetectionSide);
        var crop = Assert.Single(plan.Crops);
        Assert.Equal((2666, 2000), (plan.ImageWidth, plan.ImageHeight));
        var (cx, cy) = (crop.Box.X + (crop.Box.Width / 2), crop.Box.Y + (crop.Box.Height / 2));
        Assert.InRange(cx, scene.Face.X, scene.Face.Right);
        Assert.InRange(cy, scene.Face.Y, scene.Face.Bottom);
    }

    [SharedDataFact(needsOrl: false)]
    public void AnItemModelsPictureIsDecodedAtItsOwnSize()
    {
        var photo = ImageEncoder.EncodeJpeg(RgbImage.FromGray(TestData.Uniform(2666, 2000, 120)));

        var decoded = WithYuNet().Decode(photo, ImageLimits.Default, new CropTarget(46, 56, ModelCrops.Resize));

        Assert.False(decoded.Reduced);
        Assert.Equal((2666, 2000), (decoded.Image.Width, decoded.Image.Height));
    }

    private static CropPlanner WithYuNet() => new(new DetectorSet(SharedData.YuNetModel, null), new CropOptions());
}
