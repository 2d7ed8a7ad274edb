using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>A picture being planned: colour when it came in colour (detectors and colour models see colour), gray for cutting gray models and aligning faces.</summary>
internal sealed class Picture
{
    private readonly RgbImage? _rgb;
    private GrayImage? _gray;

    public Picture(RgbImage image)
    {
        _rgb = image;
        Width = image.Width;
        Height = image.Height;
    }

    public Picture(GrayImage image)
    {
        _gray = image;
        Width = image.Width;
        Height = image.Height;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Source pixels per pixel of this picture: above 1 where it was decoded reduced (the quality gate measures boxes as sent).</summary>
    public float ToSource { get; init; } = 1f;

    public GrayImage Gray => _gray ??= _rgb!.ToGray();

    /// <summary>The colour picture; a gray one is repeated into R, G and B.</summary>
    public RgbImage Rgb => _rgb ?? RgbImage.FromGray(_gray!);

    /// <summary>Where a face's refinement and crop are sampled: the gray picture, or a colour one converted only around the face.</summary>
    public SourceWindow Window() => _gray is not null ? new SourceWindow(_gray) : new SourceWindow(_rgb!);

    /// <summary>
    /// This picture scaled down so its longer side is at most <paramref name="maxSide"/> (itself when it already is), with
    /// the factors from this picture's pixels to the copy's.
    /// </summary>
    public (Picture Picture, float ScaleX, float ScaleY) Bounded(int maxSide)
    {
        var longer = Math.Max(Width, Height);
        if (longer <= maxSide)
        {
            return (this, 1f, 1f);
        }

        var width = Math.Max(1, (int)MathF.Round(Width * (float)maxSide / longer));
        var height = Math.Max(1, (int)MathF.Round(Height * (float)maxSide / longer));
        var copy = _rgb is not null ? new Picture(ImageOps.Resize(_rgb, width, height)) : new Picture(_gray!.Resize(width, height));
        return (copy, (float)width / Width, (float)height / Height);
    }

    public IReadOnlyList<FaceDetection> DetectFaces(YuNetDetector detector, float minScore, float nmsIou, int topK) =>
        _rgb is not null ? detector.Detect(_rgb, minScore, nmsIou, topK) : detector.Detect(_gray!, minScore, nmsIou, topK);
}
