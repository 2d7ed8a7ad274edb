using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The conv tower's served views (<see cref="TowerOptions.ServedShift"/>): the image and its four copies moved
/// diagonally by S pixels each way (the edge rows and columns repeated into the gap), embedded as one batch [5N,…],
/// and the embedding the unit-length mean of each image's five. A descriptor grid is tied to where strokes fall;
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
        var n = input.shape[0];
        var (h, w) = (input.shape[2], input.shape[3]);
        var padded = nn.functional.pad(input, [shift, shift, shift, shift], PaddingModes.Replicate);
        var views = cat(Moves.Select(m => padded.narrow(2, shift - (m.Down * shift), h).narrow(3, shift - (m.Right * shift), w)).ToArray(), 0);
        var embeddings = embed(views);
        var sum = embeddings.reshape(Count, n, embeddings.shape[1]).sum(dim: 0);
        return nn.functional.normalize(sum, p: 2, dim: 1);
    }
}
