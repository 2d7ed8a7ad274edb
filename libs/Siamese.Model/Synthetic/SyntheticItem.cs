using Siamese.Imaging;
using SkiaSharp;

namespace Siamese.Model.Synthetic;

/// <summary>
/// One synthetic product: everything that stays the same between photos of it. Drawn in item units
/// (100 units = image width) around the origin, so pose changes are a canvas transform.
/// </summary>
internal sealed class SyntheticItem
{
    private readonly ItemShape _shape;
    private readonly ItemTexture _texture;
    private readonly float _width;
    private readonly float _height;
    private readonly byte _bodyGray;
    private readonly byte _textureGray;
    private readonly byte _bandGray;
    private readonly byte _accentGray;
    private readonly float _period;
    private readonly float _thickness;
    private readonly float _phase;
    private readonly float _textureAngle;
    private readonly float _bandY;
    private readonly float _bandHeight;
    private readonly int _logoKind;
    private readonly SKPoint _logoCentre;
    private readonly float _logoSize;
    private readonly SKRect[] _words;

    private SyntheticItem(Random random, int index)
    {
        // The first 36 classes cover every shape × texture pair; the rest of the look is random per class.
        _shape = (ItemShape)(index % 6);
        _texture = (ItemTexture)(index / 6 % 6);
        _width = Uniform(random, 42, 72);
        _height = Uniform(random, 62, 98);
        _bodyGray = (byte)random.Next(40, 216);
        _textureGray = Distinct(random, _bodyGray, 55);
        _bandGray = Distinct(random, _bodyGray, 45);
        _accentGray = Distinct(random, _bandGray, 60);
        _period = Uniform(random, 7, 15);
        _thickness = Uniform(random, 0.3f, 0.6f);
        _phase = Uniform(random, 0, _period);
        _textureAngle = Uniform(random, 25, 65) * (random.Next(2) == 0 ? 1 : -1);
        _bandY = Uniform(random, -0.3f, 0.3f) * _height;
        _bandHeight = Uniform(random, 9, 22);
        _logoKind = random.Next(4);
        _logoCentre = new SKPoint(Uniform(random, -0.25f, 0.25f) * _width, Uniform(random, -0.35f, 0.35f) * _height);
        _logoSize = Uniform(random, 7, 15);
        _words = TextLines(random, _width, _height, _period);
    }

    public static SyntheticItem Create(Random random, int index) => new(random, index);

    /// <summary>One photo: the item posed by <paramref name="view"/> on a random background, then lighting and noise.</summary>
    public GrayImage Render(int width, int height, SyntheticView view, Random random)
    {
        var background = Distinct(random, _bodyGray, 35);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(Gray(background));
            DrawDistractor(canvas, width, height, random);
            canvas.Translate(width * (0.5f + view.ShiftX), height * (0.5f + view.ShiftY));
            canvas.RotateDegrees(view.RotationDegrees);
            canvas.Scale(width / 100f * view.Scale);
            DrawItem(canvas);
        }

        var rgba = bitmap.GetPixelSpan();
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var light = view.Brightness + (view.GradientX * ((2f * x / width) - 1)) + (view.GradientY * ((2f * y / height) - 1));
                var value = ((rgba[((y * width) + x) * 4] - 128f) * view.Contrast) + 128f + light + (view.NoiseSigma * Gaussian(random));
                pixels[(y * width) + x] = MathF.Round(Math.Clamp(value, 0f, 255f));
            }
        }

        return new GrayImage(width, height, pixels);
    }

    private void DrawItem(SKCanvas canvas)
    {
        using var body = BodyPath();
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = Gray(_bodyGray) };
        canvas.DrawPath(body, paint);

        canvas.Save();
        canvas.ClipPath(body, SKClipOperation.Intersect, antialias: true);
        paint.Color = Gray(_textureGray);
        DrawTexture(canvas, paint);
        paint.Color = Gray(_bandGray);
        canvas.DrawRect(-_width, _bandY - (_bandHeight / 2), 2 * _width, _bandHeight, paint);
        paint.Color = Gray(_accentGray);
        DrawLogo(canvas, paint);
        canvas.Restore();

        paint.Style = SKPaintStyle.Stroke;
        paint.StrokeWidth = 1.5f;
        paint.Color = Gray((byte)(_bodyGray / 2));
        canvas.DrawPath(body, paint);
    }

    private SKPath BodyPath()
    {
        var (w, h) = (_width, _height);
        var rect = new SKRect(-w / 2, -h / 2, w / 2, h / 2);
        var path = new SKPath();
        switch (_shape)
        {
            case ItemShape.Box:
                path.AddRect(rect);
                break;
            case ItemShape.RoundedBox:
                path.AddRoundRect(rect, w * 0.2f, w * 0.2f);
                break;
            case ItemShape.Ellipse:
                path.AddOval(rect);
                break;
            case ItemShape.Bottle:
                path.AddRoundRect(new SKRect(-w / 2, -h * 0.2f, w / 2, h / 2), w * 0.15f, w * 0.15f);
                path.AddRect(new SKRect(-w * 0.18f, -h / 2, w * 0.18f, -h * 0.15f));
                break;
            case ItemShape.Can:
                var lid = w * 0.12f;
                path.AddRect(new SKRect(-w / 2, (-h / 2) + lid, w / 2, (h / 2) - lid));
                path.AddOval(new SKRect(-w / 2, -h / 2, w / 2, (-h / 2) + (2 * lid)));
                path.AddOval(new SKRect(-w / 2, (h / 2) - (2 * lid), w / 2, h / 2));
                break;
            default:
                path.AddPoly([new(0, -h / 2), new(w / 2, -h / 4), new(w / 2, h / 4), new(0, h / 2), new(-w / 2, h / 4), new(-w / 2, -h / 4)]);
                break;
        }

        return path;
    }

    private void DrawTexture(SKCanvas canvas, SKPaint paint)
    {
        var extent = Math.Max(_width, _height);
        var bar = _period * _thickness;
        switch (_texture)
        {
            case ItemTexture.HorizontalStripes:
                for (var y = -extent + _phase; y < extent; y += _period)
                {
                    canvas.DrawRect(-extent, y, 2 * extent, bar, paint);
                }

                break;
            case ItemTexture.VerticalStripes:
                for (var x = -extent + _phase; x < extent; x += _period)
                {
                    canvas.DrawRect(x, -extent, bar, 2 * extent, paint);
                }

                break;
            case ItemTexture.DiagonalStripes:
                canvas.Save();
                canvas.RotateDegrees(_textureAngle);
                for (var x = -2 * extent + _phase; x < 2 * extent; x += _period)
                {
                    canvas.DrawRect(x, -2 * extent, bar, 4 * extent, paint);
                }

                canvas.Restore();
                break;
            case ItemTexture.Grid:
                for (var t = -extent + _phase; t < extent; t += _period)
                {
                    canvas.DrawRect(-extent, t, 2 * extent, bar / 2, paint);
                    canvas.DrawRect(t, -extent, bar / 2, 2 * extent, paint);
                }

                break;
            case ItemTexture.TextLines:
                foreach (var word in _words)
                {
                    canvas.DrawRect(word, paint);
                }

                break;
            default:
                for (var y = -extent + _phase; y < extent; y += _period)
                {
                    var offset = ((int)MathF.Round((y + extent) / _period) % 2) * _period / 2;
                    for (var x = -extent + offset; x < extent; x += _period)
                    {
                        canvas.DrawCircle(x, y, bar / 1.5f, paint);
                    }
                }

                break;
        }
    }

    private void DrawLogo(SKCanvas canvas, SKPaint paint)
    {
        var (c, r) = (_logoCentre, _logoSize / 2);
        switch (_logoKind)
        {
            case 0:
                canvas.DrawCircle(c, r, paint);
                break;
            case 1:
                canvas.DrawRect(c.X - r, c.Y - r, 2 * r, 2 * r, paint);
                break;
            case 2:
                using (var triangle = new SKPath())
                {
                    triangle.AddPoly([new(c.X, c.Y - r), new(c.X + r, c.Y + r), new(c.X - r, c.Y + r)]);
                    canvas.DrawPath(triangle, paint);
                }

                break;
            default:
                // A ring: same footprint as the disc, different look.
                paint.Style = SKPaintStyle.Stroke;
                paint.StrokeWidth = r / 2;
                canvas.DrawCircle(c, r * 0.75f, paint);
                paint.Style = SKPaintStyle.Fill;
                break;
        }
    }

    /// <summary>Background clutter in some photos, so the item, not the whole frame, is what identifies the class.</summary>
    private static void DrawDistractor(SKCanvas canvas, int width, int height, Random random)
    {
        if (random.NextDouble() >= 0.3)
        {
            return;
        }

        using var paint = new SKPaint { IsAntialias = true, Color = Gray((byte)random.Next(256)) };
        var size = Uniform(random, 0.1f, 0.25f) * width;
        canvas.DrawCircle(random.NextSingle() * width, random.NextSingle() * height, size, paint);
    }

    private static SKRect[] TextLines(Random random, float width, float height, float period)
    {
        var words = new List<SKRect>();
        var lineHeight = period * 0.45f;
        for (var y = -height * 0.45f; y < height * 0.45f; y += period)
        {
            var x = -width * 0.42f;
            while (true)
            {
                var length = Uniform(random, 3, 13);
                if (x + length > width * 0.42f)
                {
                    break;
                }

                words.Add(new SKRect(x, y, x + length, y + lineHeight));
                x += length + Uniform(random, 2, 4);
            }
        }

        return [.. words];
    }

    private static byte Distinct(Random random, byte from, int minimumDifference)
    {
        while (true)
        {
            var value = random.Next(15, 241);
            if (Math.Abs(value - from) >= minimumDifference)
            {
                return (byte)value;
            }
        }
    }

    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static float Uniform(Random random, float min, float max) => min + ((max - min) * random.NextSingle());

    private static SKColor Gray(byte level) => new(level, level, level);
}
