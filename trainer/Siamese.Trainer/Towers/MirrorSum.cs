using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// g(x) + g(mirror(x)) for an inner stack g: a left-right symmetric descriptor, so a face turned left and the same
/// face turned right land closer together (on ORL, head turns are the main variation between a person's images).
/// Both views run as one batch of 2N, so BatchNorm sees them together and the ONNX graph stays one pass.
/// </summary>
public sealed class MirrorSum : nn.Module<Tensor, Tensor>
{
    // The field name is the prefix of every inner weight name in a checkpoint: never rename it.
    private readonly Sequential inner;

    public MirrorSum(Sequential inner, int inputWidth, long features) : base(nameof(MirrorSum))
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        this.inner = inner;
        InputWidth = inputWidth;
        Features = features;
        RegisterComponents();
    }

    /// <summary>The inner stack, applied to the image and to its mirror image.</summary>
    public Sequential Inner => inner;

    /// <summary>Width of the input images (the axis that is mirrored).</summary>
    public int InputWidth { get; }

    /// <summary>Length of the inner stack's output per image.</summary>
    public long Features { get; }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var n = input.shape[0];
        var both = cat([input, input.flip(3)], 0);
        var features = inner.call(both);
        return features.narrow(0, 0, n).Plus(features.narrow(0, n, n));
    }
}
