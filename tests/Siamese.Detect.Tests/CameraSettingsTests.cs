using Microsoft.Extensions.Configuration;

namespace Siamese.Detect.Tests;

/// <summary>
/// <c>Detect:Cameras</c> is checked as written: the configuration binder drops what it cannot convert inside the cameras'
/// dictionary, so these settings used to start the host and leave the camera on the model's default rule.
/// </summary>
public sealed class CameraSettingsTests
{
    [Theory]
    [InlineData("Detect:Cameras:door:Detector", "Nope", "Detect:Cameras:door:Detector 'Nope' is not a detector: use one of Passthrough, Regions, UltraFace, YuNet.")]
    [InlineData("Detect:Cameras:door:Regions", "1,2,3", "Detect:Cameras:door:Regions is one value ('1,2,3'), not a list of boxes: give each box as Detect:Cameras:door:Regions:0:X, :Y, :Width and :Height in frame pixels (environment Detect__Cameras__door__Regions__0__X and so on).")]
    [InlineData("Detect:Cameras:door:Regions:0:X", "a", "Detect:Cameras:door:Regions:0:X is 'a': a box needs X, Y, Width and Height in whole frame pixels.")]
    [InlineData("Detect:Cameras:bad id:Detector", "YuNet", "Detect:Cameras:bad id: Camera id 'bad id' is invalid")]
    [InlineData("Detect:Cameras:door:Detectr", "YuNet", "Detect:Cameras:door:Detectr is not a setting: a camera takes Detector and Regions.")]
    public void A_camera_setting_that_cannot_be_used_fails_naming_it(string key, string value, string expected)
    {
        var failures = Validate((key, value));

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_box_without_a_positive_size_fails_and_a_whole_camera_passes()
    {
        var empty = Validate(
            ("Detect:Cameras:door:Regions:0:X", "5"), ("Detect:Cameras:door:Regions:0:Y", "5"),
            ("Detect:Cameras:door:Regions:0:Width", "0"), ("Detect:Cameras:door:Regions:0:Height", "9"));
        var whole = Validate(
            ("Detect:Cameras:door:Detector", "regions"),
            ("Detect:Cameras:door:Regions:0:X", "2"), ("Detect:Cameras:door:Regions:0:Y", "3"),
            ("Detect:Cameras:door:Regions:0:Width", "40"), ("Detect:Cameras:door:Regions:0:Height", "50"));

        Assert.Equal(["Detect:Cameras:door:Regions:0 (5,5 0×9) needs X and Y of 0 or more and a positive Width and Height."], empty);
        Assert.Empty(whole);
    }

    private static IReadOnlyList<string> Validate(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var result = new CameraSettingsValidator(configuration).Validate(null, new DetectOptions());
        return result.Failed ? [.. result.Failures!] : [];
    }
}
