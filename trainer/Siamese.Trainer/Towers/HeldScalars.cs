using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Tensor arithmetic that hands libtorch only Scalars something holds until the call returns. TorchSharp 0.107 makes
/// Scalars of its own for many calls (tensor + tensor is <c>add(other, 1)</c>, <c>x * 2.0</c> and <c>1 - x</c> go through
/// implicit conversions, <c>square()</c> is <c>pow(2)</c>) and, once their handles are read, nothing references them:
/// a collection started by another thread may run one's finalizer, which frees it while libtorch still reads it
/// ("Expected false to be true" from <c>Scalar::toFloat</c>, "Unknown scalar type"). Each method here computes exactly
/// what the TorchSharp call it replaces computes, with the same Scalar types. The trainer tests read the trainer's code
/// for any call that lets go of a Scalar (HeldScalarTests).
/// </summary>
public static class HeldScalars
{
    // Static fields are roots for the life of the process: never finalized.
    private static readonly Scalar One = 1.ToScalar();
    private static readonly Scalar Two = 2.ToScalar();

    /// <summary>left + right.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    /// <summary>tensor += value, in place.</summary>
    public static Tensor PlusInPlace(this Tensor tensor, Scalar value) => tensor.add_(value, One);

    /// <summary>tensor += 1, in place (a counter).</summary>
    public static Tensor Increment(this Tensor tensor) => tensor.add_(One, One);

    /// <summary>tensor + value.</summary>
    public static Tensor Plus(this Tensor tensor, Scalar value) => tensor.add(value, One);

    /// <summary>tensor + value.</summary>
    public static Tensor Plus(this Tensor tensor, double value)
    {
        using var held = value.ToScalar();
        return tensor.add(held, One);
    }

    /// <summary>1 − tensor, as TorchSharp computes it: −tensor + 1.</summary>
    public static Tensor OneMinus(this Tensor tensor) => tensor.negative().add(One, One);

    /// <summary>tensor² element-wise, as <c>square()</c>: pow with the integer exponent 2.</summary>
    public static Tensor Squared(this Tensor tensor) => tensor.pow(Two);

    /// <summary>tensor × factor.</summary>
    public static Tensor Times(this Tensor tensor, float factor)
    {
        using var held = factor.ToScalar();
        return tensor.mul(held);
    }

    /// <summary>tensor × factor.</summary>
    public static Tensor Times(this Tensor tensor, double factor)
    {
        using var held = factor.ToScalar();
        return tensor.mul(held);
    }

    /// <summary>tensor ÷ divisor.</summary>
    public static Tensor DividedBy(this Tensor tensor, long divisor)
    {
        using var held = divisor.ToScalar();
        return tensor.div(held);
    }
}
