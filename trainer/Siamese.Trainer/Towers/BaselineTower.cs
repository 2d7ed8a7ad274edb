using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The classic ORL one-shot tower (Keras example): conv 6 and 12 filters 3×3 + ReLU, each followed by a 2×2 max-pool
/// and dropout 0.25, then dense 128 + ReLU, dropout 0.1, dense D (50) + ReLU. Kept as the comparison point.
/// </summary>
public sealed class BaselineTower : Tower
{
    public const int DefaultEmbeddingDimension = 50;

    // The field name is the prefix of every weight name in a checkpoint: never rename it.
    private readonly Sequential layers;

    public BaselineTower(TowerOptions options) : base(nameof(BaselineTower))
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        EmbeddingDimension = options.EmbeddingDimension > 0 ? options.EmbeddingDimension : DefaultEmbeddingDimension;
        var convDropout = options.Dropout >= 0 ? options.Dropout : 0.25;
        var denseDropout = options.Dropout >= 0 ? options.Dropout : 0.1;

        var h = TowerShape.Pool(TowerShape.Conv(TowerShape.Pool(TowerShape.Conv(options.InputHeight, 3, 0)), 3, 0));
        var w = TowerShape.Pool(TowerShape.Conv(TowerShape.Pool(TowerShape.Conv(options.InputWidth, 3, 0)), 3, 0));
        TowerShape.EnsurePositive(options, h, w, 10);

        layers = nn.Sequential(
            ("conv1", nn.Conv2d(options.Channels, 6, 3)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("drop1", nn.Dropout(convDropout)),
            ("conv2", nn.Conv2d(6, 12, 3)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("drop2", nn.Dropout(convDropout)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(12L * h * w, 128)),
            ("relu3", nn.ReLU()),
            ("drop3", nn.Dropout(denseDropout)),
            ("fc2", nn.Linear(128, EmbeddingDimension)),
            ("relu4", nn.ReLU()));
        RegisterComponents();
    }

    public override TowerOptions Options { get; }

    public override int EmbeddingDimension { get; }

    public override Sequential Layers => layers;

    /// <summary>
    /// In training, a convolution whose input needs a gradient (every one after the first) is computed as an explicit
    /// patch matrix (unfold, then one matrix product) instead of libtorch's convolution kernel; in evaluation and in
    /// the exported model it is the plain convolution, with the same weights. Why: libtorch's CPU convolution gave
    /// this tower's second convolution (6 → 12 channels on a 15×15 map, from the 32×32 character input) a gradient
    /// with respect to its input that changed from call to call on identical tensors — now and then NaN, otherwise
    /// finite but wrong, by up to a quarter of the first convolution's weight gradient. The weight gradient of the
    /// first convolution (whose input needs none) was exact and repeatable, so it keeps the kernel.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        if (!training)
        {
            return layers.call(input);
        }

        using var scope = NewDisposeScope();
        var x = input;
        foreach (var layer in layers.children())
        {
            x = layer is Conv2d conv && x.requires_grad ? PatchMatrixConvolution(conv, x) : ((nn.Module<Tensor, Tensor>)layer).call(x);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>A stride-1, unpadded convolution as unfold → matrix product → reshape (the training path of <see cref="forward"/>).</summary>
    internal static Tensor PatchMatrixConvolution(Conv2d conv, Tensor input)
    {
        var weight = conv.weight!;
        var (outChannels, kernelHeight, kernelWidth) = (weight.shape[0], weight.shape[2], weight.shape[3]);
        var outHeight = input.shape[2] - kernelHeight + 1;
        var outWidth = input.shape[3] - kernelWidth + 1;
        // [N, C·kh·kw, L] → [N·L, C·kh·kw]: one matrix product for the whole batch, whose backward is two more.
        var columns = nn.functional.unfold(input, (kernelHeight, kernelWidth)).transpose(1, 2).reshape(-1, weight.shape[1] * kernelHeight * kernelWidth);
        var output = columns.matmul(weight.view(outChannels, -1).t());
        if (conv.bias is { } bias)
        {
            output = output.Plus(bias);
        }

        return output.view(input.shape[0], outHeight * outWidth, outChannels).transpose(1, 2).reshape(input.shape[0], outChannels, outHeight, outWidth);
    }
}
