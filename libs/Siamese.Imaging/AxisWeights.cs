namespace Siamese.Imaging;

/// <summary>
/// Resampling weights for one axis: output pixel i = Σ Taps[i][k] · source[Start[i] + k]. Computed once per
/// resize so both separable passes are plain multiply-adds.
/// </summary>
internal sealed class AxisWeights
{
    private readonly float[] _taps;
    private readonly int[] _count;
    private readonly int _stride;

    private AxisWeights(int outputLength, int stride)
    {
        OutputLength = outputLength;
        _stride = stride;
        Start = new int[outputLength];
        _count = new int[outputLength];
        _taps = new float[outputLength * stride];
    }

    public int OutputLength { get; }

    public int[] Start { get; }

    public ReadOnlySpan<float> TapsOf(int i) => _taps.AsSpan(i * _stride, _count[i]);

    public static AxisWeights Create(int source, int output) =>
        output < source ? Area(source, output) : Bilinear(source, output);

    /// <summary>Output pixel i covers source interval [i·s, (i+1)·s), s = source/output; each source pixel weighs its overlap.</summary>
    private static AxisWeights Area(int source, int output)
    {
        var scale = (double)source / output;
        var weights = new AxisWeights(output, (int)Math.Ceiling(scale) + 1);
        for (var i = 0; i < output; i++)
        {
            var left = i * scale;
            var right = Math.Min((i + 1) * scale, source);
            var first = (int)Math.Floor(left);
            var last = Math.Min((int)Math.Ceiling(right), source);
            weights.Start[i] = first;
            var n = 0;
            for (var j = first; j < last; j++)
            {
                var overlap = Math.Min(right, j + 1) - Math.Max(left, j);
                weights._taps[(i * weights._stride) + n++] = (float)(overlap / scale);
            }

            weights._count[i] = n;
        }

        return weights;
    }

    /// <summary>Pixel-centre aligned linear interpolation; samples beyond the edge take the edge pixel.</summary>
    private static AxisWeights Bilinear(int source, int output)
    {
        var scale = (double)source / output;
        var weights = new AxisWeights(output, 2);
        for (var i = 0; i < output; i++)
        {
            var position = Math.Clamp(((i + 0.5) * scale) - 0.5, 0, source - 1);
            var first = Math.Min((int)Math.Floor(position), source - 1);
            var fraction = position - first;
            weights.Start[i] = first;
            weights._taps[i * 2] = (float)(1 - fraction);
            if (first + 1 < source && fraction > 0)
            {
                weights._taps[(i * 2) + 1] = (float)fraction;
                weights._count[i] = 2;
            }
            else
            {
                weights._count[i] = 1;
            }
        }

        return weights;
    }
}
