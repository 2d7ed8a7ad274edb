using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The conv tower's served views (<see cref="TowerOptions.ServedShift"/>): the image and its four copies moved
/// diagonally by S pixels each way (the edge rows and columns repeated into the gap), each view embedded as a batch
/// of its own, and the embedding the unit-length mean of each image's five. A descriptor grid is tied to where strokes fall;
/// the mean over small moves makes it less so. The ONNX export writes the same steps as nodes
/// (<see cref="Onnx.ServedViewsGraph"/>), in the same order.
/// </summary>
public static class ShiftedViews
{
    /// <summary>Views per image: the image and its four shifts.</summary>
    public const int Count = 5;

    /// <summary>(rows, columns) each view moves the image by, in units of the shift; the image itself first.</summary>
    public static IReadOnlyList<(int Down, int Right)> Moves { get; } = [(0, 0), (1, 1), (-1, -1), (1, -1), (-1, 1)];

    /// <summary>The tower's served embedding of <paramref name="input"/> [N,C,H,W]: the unit-length mean of <paramref name="embed"/> over the views.</summary>
    public static Tensor Embed(Func<Tensor, Tensor> embed, Tensor input, int shift)
    {
        ArgumentNullException.ThrowIfNull(embed);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shift);
        var (h, w) = (input.shape[2], input.shape[3]);
        var padded = nn.functional.pad(input, [shift, shift, shift, shift], PaddingModes.Replicate);
        // One view at a time, each a batch the size of the input's: a single [5N,…] batch made libtorch's activations
        // five times larger and measured several times slower per image on CPU (and slowed the training steps after it).
        Tensor? sum = null;
        foreach (var (down, right) in Moves)
        {
            var view = padded.narrow(2, shift - (down * shift), h).narrow(3, shift - (right * shift), w).contiguous();
            var embedding = embed(view);
            sum = sum is null ? embedding : sum.Plus(embedding);
        }

        return nn.functional.normalize(sum!, p: 2, dim: 1);
    }
}
