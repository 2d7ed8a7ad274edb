using System.Globalization;
using SkiaSharp;

namespace Siamese.Trainer.Reporting;

/// <summary>A minimal line/histogram chart drawn with SkiaSharp: axes with ticks, labels, a legend, PNG out.</summary>
public sealed class Chart : IDisposable
{
    private const int Width = 800, Height = 500, Left = 70, Right = 20, Top = 40, Bottom = 55;
    private readonly SKSurface surface = SKSurface.Create(new SKImageInfo(Width, Height));
    private readonly SKFont font = new(ChartFont.Typeface, 13);
    private readonly List<(string Label, SKColor Color)> legend = [];
    private readonly (double Min, double Max) x, y;
    private readonly bool logX;

    public Chart(string title, string xLabel, string yLabel, (double Min, double Max) x, (double Min, double Max) y, bool logX = false)
    {
        this.x = x;
        this.y = y;
        this.logX = logX;
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true, StrokeWidth = 1 };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1 };
        canvas.DrawText(title, Width / 2f, 24, SKTextAlign.Center, new SKFont(ChartFont.Typeface, 16), ink);
        canvas.DrawText(xLabel, Left + ((Width - Left - Right) / 2f), Height - 12, SKTextAlign.Center, font, ink);
        canvas.Save();
        canvas.RotateDegrees(-90);
        canvas.DrawText(yLabel, -(Top + ((Height - Top - Bottom) / 2f)), 18, SKTextAlign.Center, font, ink);
        canvas.Restore();

        foreach (var (value, text) in Ticks(x, logX))
        {
            var px = X(value);
            canvas.DrawLine(px, Top, px, Height - Bottom, grid);
            canvas.DrawText(text, px, Height - Bottom + 18, SKTextAlign.Center, font, ink);
        }

        foreach (var (value, text) in Ticks(y, false))
        {
            var py = Y(value);
            canvas.DrawLine(Left, py, Width - Right, py, grid);
            canvas.DrawText(text, Left - 6, py + 4, SKTextAlign.Right, font, ink);
        }

        canvas.DrawRect(Left, Top, Width - Left - Right, Height - Top - Bottom, new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke });
    }

    public void Line(IReadOnlyList<double> xs, IReadOnlyList<double> ys, SKColor color, string label)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        using var paint = new SKPaint { Color = color, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var path = new SKPath();
        for (var i = 0; i < xs.Count; i++)
        {
            if (!double.IsFinite(ys[i]))
            {
                continue;
            }

            var point = new SKPoint(X(xs[i]), Y(ys[i]));
            if (path.IsEmpty) path.MoveTo(point); else path.LineTo(point);
        }

        surface.Canvas.Save();
        surface.Canvas.ClipRect(new SKRect(Left, Top, Width - Right, Height - Bottom));
        surface.Canvas.DrawPath(path, paint);
        surface.Canvas.Restore();
        legend.Add((label, color));
    }

    /// <summary>Bars of a histogram: <paramref name="edges"/> has one more entry than <paramref name="heights"/>.</summary>
    public void Bars(IReadOnlyList<double> edges, IReadOnlyList<double> heights, SKColor color, string label)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(heights);
        using var paint = new SKPaint { Color = color.WithAlpha(120), Style = SKPaintStyle.Fill };
        for (var i = 0; i < heights.Count; i++)
        {
            surface.Canvas.DrawRect(SKRect.Create(X(edges[i]), Y(heights[i]), X(edges[i + 1]) - X(edges[i]), Y(y.Min) - Y(heights[i])), paint);
        }

        legend.Add((label, color));
    }

    public void VerticalLine(double at, SKColor color, string label)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = 2, PathEffect = SKPathEffect.CreateDash([6, 4], 0) };
        surface.Canvas.DrawLine(X(at), Top, X(at), Height - Bottom, paint);
        legend.Add((label, color));
    }

    public void Save(string path)
    {
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        // As wide as its longest label, against the plot's right edge, over a light box: a fixed 170 pixels cut longer
        // labels off at the image's edge.
        var widest = legend.Select(l => font.MeasureText(l.Label)).DefaultIfEmpty(0).Max();
        var left = Width - Right - 10 - widest - 20;
        if (legend.Count > 0)
        {
            using var box = new SKPaint { Color = SKColors.White.WithAlpha(220) };
            surface.Canvas.DrawRect(left - 6, Top + 4, widest + 32, (legend.Count * 18) + 8, box);
        }

        for (var i = 0; i < legend.Count; i++)
        {
            using var swatch = new SKPaint { Color = legend[i].Color };
            var top = Top + 10 + (i * 18);
            surface.Canvas.DrawRect(left, top, 14, 10, swatch);
            surface.Canvas.DrawText(legend[i].Label, left + 20, top + 10, SKTextAlign.Left, font, ink);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    public void Dispose()
    {
        font.Dispose();
        surface.Dispose();
    }

    private float X(double value)
    {
        var (v, min, max) = logX ? (Math.Log10(Math.Max(value, x.Min)), Math.Log10(x.Min), Math.Log10(x.Max)) : (value, x.Min, x.Max);
        return (float)(Left + ((v - min) / (max - min) * (Width - Left - Right)));
    }

    private float Y(double value) => (float)(Height - Bottom - ((value - y.Min) / (y.Max - y.Min) * (Height - Top - Bottom)));

    private static IEnumerable<(double Value, string Text)> Ticks((double Min, double Max) range, bool log)
    {
        if (log)
        {
            for (var e = Math.Ceiling(Math.Log10(range.Min)); e <= Math.Log10(range.Max) + 1e-9; e++)
            {
                yield return (Math.Pow(10, e), Math.Pow(10, e).ToString("G3", CultureInfo.InvariantCulture));
            }

            yield break;
        }

        var span = range.Max - range.Min;
        var step = Math.Pow(10, Math.Floor(Math.Log10(span / 5)));
        step *= span / step > 25 ? 5 : span / step > 10 ? 2 : 1;
        for (var v = Math.Ceiling(range.Min / step) * step; v <= range.Max + (step * 1e-9); v += step)
        {
            yield return (v, Math.Round(v, 6).ToString("G4", CultureInfo.InvariantCulture));
        }
    }
}
