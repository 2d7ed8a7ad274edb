using SkiaSharp;

namespace Siamese.Trainer.Reporting;

/// <summary>
/// SkiaSharp's Linux "NoDependencies" build has no fontconfig, so the default typeface may have no glyphs:
/// load a common TrueType file directly when one exists. Without any, plots are drawn without text.
/// </summary>
internal static class ChartFont
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/System/Library/Fonts/Helvetica.ttc",
        @"C:\Windows\Fonts\arial.ttf",
    ];

    public static SKTypeface Typeface { get; } =
        Candidates.Where(File.Exists).Select(SKTypeface.FromFile).FirstOrDefault(t => t is not null) ?? SKTypeface.Default;
}
