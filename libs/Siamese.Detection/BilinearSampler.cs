using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Siamese.Detection;

/// <summary>
/// The sampling loop of <see cref="FaceAligner.Sample(Siamese.Imaging.GrayImage, SimilarityTransform, int, int)"/>:
/// each output pixel is the mean of n×n bilinear taps spread over its footprint in the source, edges repeated.
/// With AVX2, eight output pixels at a time (the four neighbours of each tap gathered); the vector path does the
/// same float operations in the same order as the scalar one, so both give the same pixels.
/// </summary>
/// <remarks>
/// Refinement samples three 96×96 canvases per face before the crop; with scalar taps (about 9 ns each) that
/// was a third of the time YuNet spent on those canvases.
/// </remarks>
internal static class BilinearSampler
{
    public static void Sample(float[] source, int sourceWidth, int sourceHeight, SimilarityTransform t, int n, int width, int height, Span<float> output)
    {
        var u = 0;
        if (Avx2.IsSupported && width >= Vector256<float>.Count)
        {
            u = SampleAvx2(source, sourceWidth, sourceHeight, t, n, width, height, output);
        }

        if (u < width)
        {
            SampleScalar(source, sourceWidth, sourceHeight, t, n, u, width, height, output);
        }
    }

    /// <summary>Columns <paramref name="firstColumn"/>.. of every row, one pixel at a time.</summary>
    internal static void SampleScalar(float[] source, int sourceWidth, int sourceHeight, SimilarityTransform t, int n, int firstColumn, int width, int height, Span<float> output)
    {
        var weight = 1f / (n * n);
        var step = 1f / n;
        var maxX = (float)(sourceWidth - 1);
        var maxY = (float)(sourceHeight - 1);
        ref var pixels = ref MemoryMarshal.GetArrayDataReference(source);
        for (var v = 0; v < height; v++)
        {
            for (var u = firstColumn; u < width; u++)
            {
                var sum = 0f;
                for (var j = 0; j < n; j++)
                {
                    var oy = v + ((j + 0.5f) * step);
                    for (var i = 0; i < n; i++)
                    {
                        var ox = u + ((i + 0.5f) * step);
                        var sx = (t.A * ox) - (t.B * oy) + t.Tx;
                        var sy = (t.B * ox) + (t.A * oy) + t.Ty;
                        sum += Bilinear(ref pixels, sourceWidth, maxX, maxY, sx - 0.5f, sy - 0.5f);
                    }
                }

                output[(v * width) + u] = sum * weight;
            }
        }
    }

    /// <summary>Bilinear sample at pixel-centre coordinates; beyond the edges the edge pixel repeats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Bilinear(ref float p, int w, float maxX, float maxY, float x, float y)
    {
        // Clamped into the image; NaN (a degenerate transform) reads pixel 0 rather than outside the image.
        x = x >= 0 ? (x <= maxX ? x : maxX) : 0;
        y = y >= 0 ? (y <= maxY ? y : maxY) : 0;
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, (int)maxX);
        var y1 = Math.Min(y0 + 1, (int)maxY);
        var fx = x - x0;
        var fy = y - y0;
        var p00 = Unsafe.Add(ref p, (y0 * w) + x0);
        var p01 = Unsafe.Add(ref p, (y0 * w) + x1);
        var p10 = Unsafe.Add(ref p, (y1 * w) + x0);
        var p11 = Unsafe.Add(ref p, (y1 * w) + x1);
        var top = p00 + ((p01 - p00) * fx);
        var bottom = p10 + ((p11 - p10) * fx);
        return top + ((bottom - top) * fy);
    }

    /// <summary>Whole blocks of eight columns of every row; returns the first column left for the scalar loop.</summary>
    private static unsafe int SampleAvx2(float[] source, int sourceWidth, int sourceHeight, SimilarityTransform t, int n, int width, int height, Span<float> output)
    {
        var blocks = width / Vector256<float>.Count * Vector256<float>.Count;
        var weight = Vector256.Create(1f / (n * n));
        var step = 1f / n;
        var maxX = Vector256.Create((float)(sourceWidth - 1));
        var maxY = Vector256.Create((float)(sourceHeight - 1));
        var lastX = Vector256.Create(sourceWidth - 1);
        var lastY = Vector256.Create(sourceHeight - 1);
        var stride = Vector256.Create(sourceWidth);
        var one = Vector256.Create(1);
        var half = Vector256.Create(0.5f);
        var a = Vector256.Create(t.A);
        var b = Vector256.Create(t.B);
        var tx = Vector256.Create(t.Tx);
        var ty = Vector256.Create(t.Ty);
        var lanes = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        fixed (float* p = source)
        {
            for (var v = 0; v < height; v++)
            {
                for (var u = 0; u < blocks; u += Vector256<float>.Count)
                {
                    var columns = Avx.Add(Vector256.Create((float)u), lanes);
                    var sum = Vector256<float>.Zero;
                    for (var j = 0; j < n; j++)
                    {
                        var oy = v + ((j + 0.5f) * step);
                        var bOy = Vector256.Create(t.B * oy);
                        var aOy = Vector256.Create(t.A * oy);
                        for (var i = 0; i < n; i++)
                        {
                            var ox = Avx.Add(columns, Vector256.Create((i + 0.5f) * step));
                            var x = Avx.Subtract(Avx.Add(Avx.Subtract(Avx.Multiply(a, ox), bOy), tx), half);
                            var y = Avx.Subtract(Avx.Add(Avx.Add(Avx.Multiply(b, ox), aOy), ty), half);

                            // max(x, 0) takes 0 for NaN (the second operand wins), as the scalar clamp does.
                            x = Avx.Min(Avx.Max(x, Vector256<float>.Zero), maxX);
                            y = Avx.Min(Avx.Max(y, Vector256<float>.Zero), maxY);
                            var x0 = Avx.ConvertToVector256Int32WithTruncation(x);
                            var y0 = Avx.ConvertToVector256Int32WithTruncation(y);
                            var x1 = Avx2.Min(Avx2.Add(x0, one), lastX);
                            var y1 = Avx2.Min(Avx2.Add(y0, one), lastY);
                            var fx = Avx.Subtract(x, Avx.ConvertToVector256Single(x0));
                            var fy = Avx.Subtract(y, Avx.ConvertToVector256Single(y0));
                            var row0 = Avx2.MultiplyLow(y0, stride);
                            var row1 = Avx2.MultiplyLow(y1, stride);
                            var p00 = Avx2.GatherVector256(p, Avx2.Add(row0, x0), 4);
                            var p01 = Avx2.GatherVector256(p, Avx2.Add(row0, x1), 4);
                            var p10 = Avx2.GatherVector256(p, Avx2.Add(row1, x0), 4);
                            var p11 = Avx2.GatherVector256(p, Avx2.Add(row1, x1), 4);
                            var top = Avx.Add(p00, Avx.Multiply(Avx.Subtract(p01, p00), fx));
                            var bottom = Avx.Add(p10, Avx.Multiply(Avx.Subtract(p11, p10), fx));
                            sum = Avx.Add(sum, Avx.Add(top, Avx.Multiply(Avx.Subtract(bottom, top), fy)));
                        }
                    }

                    Avx.Multiply(sum, weight).CopyTo(output.Slice((v * width) + u, Vector256<float>.Count));
                }
            }
        }

        return blocks;
    }
}
