namespace Siamese.Trainer.Towers;

/// <summary>Spatial sizes through the layers, so the first dense layer knows its input length before any forward pass.</summary>
internal static class TowerShape
{
    /// <summary>Size after a convolution with stride 1.</summary>
    public static int Conv(int size, int kernel, int padding) => size + (2 * padding) - kernel + 1;

    /// <summary>Size after a 2×2 max-pool with stride 2 (floor mode, as TorchSharp and ONNX default to).</summary>
    public static int Pool(int size) => size / 2;

    public static void EnsurePositive(TowerOptions options, int height, int width, int minimum)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"Input {options.InputHeight}×{options.InputWidth} is too small for the {options.Kind} tower: height and width must be at least {minimum}.");
        }
    }
}
