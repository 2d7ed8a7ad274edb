using System.Buffers;
using System.Numerics;

namespace Siamese.Imaging;

/// <summary>
/// <see cref="ImageOps.Resize(RgbImage, int, int)"/> on the interleaved bytes, down the columns first: each output row is
/// the weighted sum of the few whole source rows it covers (contiguous, so vectorised; each source row converted to
/// floats once and kept while later output rows still need it), then resized across. The same weights as resizing the
/// three channels one by one, without three picture-sized float planes and their intermediate (a 2666×2666 photo
/// scaled to 1280 took ~100 ms that way, most of it moving memory); the sums are taken in another order, so a pixel
/// may round to the neighbouring byte.
/// </summary>
internal static class ColourResize
{
    /// <summary>The one tap of an unchanged axis.</summary>
    private static readonly float[] Whole = [1f];

    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        var across = image.Width == width ? null : AxisWeights.Create(image.Width, width);
        var down = image.Height == height ? null : AxisWeights.Create(image.Height, height);
        var sourceStride = image.Width * 3;
        var stride = width * 3;
        var result = new byte[stride * height];

        // A ring of source rows as floats: an output row reads at most `slots` consecutive ones.
        var slots = down is null ? 1 : MaxTaps(down);
        var rows = ArrayPool<float>.Shared.Rent(slots * sourceStride);
        var column = ArrayPool<float>.Shared.Rent(sourceStride);
        var held = new int[slots];
        Array.Fill(held, -1);
        try
        {
            for (var y = 0; y < height; y++)
            {
                var sum = column.AsSpan(0, sourceStride);
                var start = down?.Start[y] ?? y;
                var taps = down is null ? Whole : down.TapsOf(y);
                for (var k = 0; k < taps.Length; k++)
                {
                    var source = start + k;
                    var slot = source % slots;
                    var row = rows.AsSpan(slot * sourceStride, sourceStride);
                    if (held[slot] != source)
                    {
                        ToFloats(image.Rgb.AsSpan(source * sourceStride, sourceStride), row);
                        held[slot] = source;
                    }

                    if (k == 0)
                    {
                        ImageOps.Scale(row, taps[0], sum);
                    }
                    else
                    {
                        ImageOps.AddScaled(row, taps[k], sum);
                    }
                }

                Across(sum, across, result.AsSpan(y * stride, stride));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(column);
        }

        return new RgbImage(width, height, result);
    }

    /// <summary>One row resized across (copied when the width stays) and rounded to bytes.</summary>
    private static void Across(ReadOnlySpan<float> row, AxisWeights? across, Span<byte> destination)
    {
        if (across is null)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = ImageOps.ToByte(row[i]);
            }

            return;
        }

        for (var x = 0; x < across.OutputLength; x++)
        {
            var s = across.Start[x] * 3;
            var taps = across.TapsOf(x);
            float r = 0f, g = 0f, b = 0f;
            foreach (var tap in taps)
            {
                r += row[s] * tap;
                g += row[s + 1] * tap;
                b += row[s + 2] * tap;
                s += 3;
            }

            destination[3 * x] = ImageOps.ToByte(r);
            destination[(3 * x) + 1] = ImageOps.ToByte(g);
            destination[(3 * x) + 2] = ImageOps.ToByte(b);
        }
    }

    private static void ToFloats(ReadOnlySpan<byte> bytes, Span<float> floats)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= bytes.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(bytes[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var n = Vector<float>.Count;
                Vector.ConvertToSingle(a).CopyTo(floats[i..]);
                Vector.ConvertToSingle(b).CopyTo(floats[(i + n)..]);
                Vector.ConvertToSingle(c).CopyTo(floats[(i + (2 * n))..]);
                Vector.ConvertToSingle(d).CopyTo(floats[(i + (3 * n))..]);
            }
        }

        for (; i < bytes.Length; i++)
        {
            floats[i] = bytes[i];
        }
    }

    private static int MaxTaps(AxisWeights weights)
    {
        var most = 1;
        for (var i = 0; i < weights.OutputLength; i++)
        {
            most = Math.Max(most, weights.TapsOf(i).Length);
        }

        return most;
    }
}
