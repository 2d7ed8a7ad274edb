using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Siamese.Index;

/// <summary>Squared Euclidean distance with the widest SIMD the machine has; no square root on the hot path.</summary>
internal static class SquaredDistance
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Compute(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var length = x.Length;
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var d = Vector512.LoadUnsafe(ref px, (nuint)i) - Vector512.LoadUnsafe(ref py, (nuint)i);
                acc += d * d;
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            // Two accumulators hide the add latency.
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; i <= length - (2 * Vector256<float>.Count); i += 2 * Vector256<float>.Count)
            {
                var d0 = Vector256.LoadUnsafe(ref px, (nuint)i) - Vector256.LoadUnsafe(ref py, (nuint)i);
                var d1 = Vector256.LoadUnsafe(ref px, (nuint)(i + Vector256<float>.Count)) - Vector256.LoadUnsafe(ref py, (nuint)(i + Vector256<float>.Count));
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }

            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var d = Vector256.LoadUnsafe(ref px, (nuint)i) - Vector256.LoadUnsafe(ref py, (nuint)i);
                acc0 += d * d;
            }

            sum = Vector256.Sum(acc0 + acc1);
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<float>.Count)
        {
            var acc = Vector128<float>.Zero;
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var d = Vector128.LoadUnsafe(ref px, (nuint)i) - Vector128.LoadUnsafe(ref py, (nuint)i);
                acc += d * d;
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            var d = Unsafe.Add(ref px, i) - Unsafe.Add(ref py, i);
            sum += d * d;
        }

        return sum;
    }
}
