using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Detection;

namespace Siamese.Detect;

/// <summary>
/// Checks <c>Detect:Cameras</c> as it was written, since the configuration binder drops what it cannot convert inside a
/// dictionary without a word: <c>Detect:Cameras:door:Detector=Nope</c> and <c>Detect:Cameras:door:Regions=1,2,3</c> both
/// started the host, and the camera's frames were then cut by the model's default rule.
/// </summary>
internal sealed class CameraSettingsValidator(IConfiguration configuration) : IValidateOptions<DetectOptions>
{
    private const string Section = DetectOptions.SectionName + ":Cameras";

    public ValidateOptionsResult Validate(string? name, DetectOptions options)
    {
        var failures = new List<string>();
        foreach (var camera in configuration.GetSection(Section).GetChildren())
        {
            var at = $"{Section}:{camera.Key}";
            if (NameRules.CameraError(camera.Key) is { } badId)
            {
                failures.Add($"{at}: {badId}");
            }

            if (camera["Detector"] is { Length: > 0 } detector
                && !(Enum.TryParse<DetectorKind>(detector, ignoreCase: true, out var kind) && Enum.IsDefined(kind)))
            {
                failures.Add($"{at}:Detector '{detector}' is not a detector: use one of {string.Join(", ", Enum.GetNames<DetectorKind>())}.");
            }

            failures.AddRange(RegionProblems(camera.GetSection("Regions"), at + ":Regions"));
            failures.AddRange(camera.GetChildren()
                .Where(c => !string.Equals(c.Key, "Detector", StringComparison.OrdinalIgnoreCase) && !string.Equals(c.Key, "Regions", StringComparison.OrdinalIgnoreCase))
                .Select(c => $"{at}:{c.Key} is not a setting: a camera takes Detector and Regions."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> RegionProblems(IConfigurationSection regions, string at)
    {
        if (regions.Value is { Length: > 0 } single)
        {
            yield return $"{at} is one value ('{NameRules.Shorten(single)}'), not a list of boxes: give each box as {at}:0:X, :Y, :Width and :Height "
                + $"in frame pixels (environment {at.Replace(":", "__", StringComparison.Ordinal)}__0__X and so on).";
            yield break;
        }

        foreach (var box in regions.GetChildren())
        {
            var values = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in (string[])["X", "Y", "Width", "Height"])
            {
                if (!int.TryParse(box[part], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    yield return $"{at}:{box.Key}:{part} is {(box[part] is { } text ? $"'{NameRules.Shorten(text)}'" : "missing")}: a box needs X, Y, Width and Height in whole frame pixels.";
                    continue;
                }

                values[part] = value;
            }

            if (values.Count == 4 && (values["X"] < 0 || values["Y"] < 0 || values["Width"] <= 0 || values["Height"] <= 0))
            {
                yield return $"{at}:{box.Key} ({values["X"]},{values["Y"]} {values["Width"]}×{values["Height"]}) needs X and Y of 0 or more and a positive Width and Height.";
            }
        }
    }
}
