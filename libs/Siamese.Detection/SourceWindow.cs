using System.Buffers;
using System.Numerics;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// The gray pixels a face's refinement canvases and crop are sampled from. A gray image is used whole; a colour
/// frame is converted to gray only in a window around the face (grown when a later sample reaches past it), so
/// aligning a face in a 1920×1080 frame does not convert two million pixels. Samples equal those from the whole
/// frame converted: the window holds every pixel a sample reads, or ends where the frame ends (edges repeat).
/// </summary>
internal sealed class SourceWindow : IDisposable
{
    /// <summary>Extra room on each side of a new window, as a fraction of what was asked for: later passes move a little.</summary>
    private const float Margin = 0.25f;

    private readonly RgbImage? _frame;
    private float[] _pixels;
    private bool _pooled;
    private PixelRect _window;

    public SourceWindow(GrayImage image)
    {
        _pixels = image.Pixels;
        _window = new PixelRect(0, 0, image.Width, image.Height);
        Width = image.Width;
        Height = image.Height;
    }

    public SourceWindow(RgbImage frame)
    {
        _frame = frame;
        _pixels = [];
        Width = frame.Width;
        Height = frame.Height;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>As <see cref="FaceAligner.Sample(GrayImage, SimilarityTransform, int, int)"/> on the whole gray frame.</summary>
    public GrayImage Sample(SimilarityTransform toSource, int width, int height)
    {
        var needed = Footprint(toSource, width, height);
        if (_frame is not null && !Contains(_window, needed))
        {
            Convert(_window.Width > 0 ? Union(_window, needed) : needed);
        }

        var shifted = new SimilarityTransform(1, 0, -_window.X, -_window.Y).After(toSource);
        var output = new float[width * height];
        BilinearSampler.Sample(_pixels, _window.Width, _window.Height, shifted, FaceAligner.SamplesPerAxis(toSource), width, height, output);
        return new GrayImage(width, height, output);
    }

    public void Dispose()
    {
        if (_pooled)
        {
            ArrayPool<float>.Shared.Return(_pixels);
            _pixels = [];
            _pooled = false;
        }
    }

    private void Convert(PixelRect needed)
    {
        var mx = (int)MathF.Ceiling(needed.Width * Margin);
        var my = (int)MathF.Ceiling(needed.Height * Margin);
        _window = new PixelRect(needed.X - mx, needed.Y - my, needed.Width + (2 * mx), needed.Height + (2 * my)).ClampTo(Width, Height);
        Dispose();

        // Pooled: the window of a large face is over the large-object threshold, and a frame may have several faces.
        _pixels = ArrayPool<float>.Shared.Rent(_window.Width * _window.Height);
        _pooled = true;
        ImageOps.ToGray(_frame!, _window, _pixels);
    }

    /// <summary>
    /// The source pixels a sample through <paramref name="toSource"/> may read (bilinear taps one pixel either side),
    /// clamped to the frame: beyond it the edge repeats, and the edge is then inside the window too.
    /// </summary>
    private PixelRect Footprint(SimilarityTransform toSource, int width, int height)
    {
        Span<Vector2> corners = [toSource.Apply(Vector2.Zero), toSource.Apply(new Vector2(width, 0)),
            toSource.Apply(new Vector2(0, height)), toSource.Apply(new Vector2(width, height))];
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var c in corners)
        {
            minX = MathF.Min(minX, c.X);
            minY = MathF.Min(minY, c.Y);
            maxX = MathF.Max(maxX, c.X);
            maxY = MathF.Max(maxY, c.Y);
        }

        var x0 = (int)Math.Clamp(MathF.Floor(minX) - 2, 0, Width - 1);
        var y0 = (int)Math.Clamp(MathF.Floor(minY) - 2, 0, Height - 1);
        var x1 = (int)Math.Clamp(MathF.Ceiling(maxX) + 2, x0 + 1, Width);
        var y1 = (int)Math.Clamp(MathF.Ceiling(maxY) + 2, y0 + 1, Height);
        return new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }

    private static bool Contains(PixelRect outer, PixelRect inner) =>
        outer.Width > 0 && inner.X >= outer.X && inner.Y >= outer.Y && inner.Right <= outer.Right && inner.Bottom <= outer.Bottom;

    private static PixelRect Union(PixelRect a, PixelRect b)
    {
        var x = Math.Min(a.X, b.X);
        var y = Math.Min(a.Y, b.Y);
        return new PixelRect(x, y, Math.Max(a.Right, b.Right) - x, Math.Max(a.Bottom, b.Bottom) - y);
    }
}
