using Siamese.Onnx;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Onnx;

/// <summary>
/// Nodes of a model that embeds several views of each image and serves their unit-length mean: the views are
/// concatenated along the batch axis [V·N,…] in front of the tower, and its output [V·N,D] is folded back
/// (Reshape [V,N,D] → ReduceSum → L2). The backbone's image and centre zoom, the conv tower's image and its shifts.
/// </summary>
internal static class ServedViewsGraph
{
    /// <summary>
    /// The conv tower's five views of <paramref name="input"/> [N,C,H,W] as one batch, in <see cref="ShiftedViews.Moves"/>'
    /// order: edge padding by <paramref name="shift"/> pixels (Pad, mode edge, as TorchSharp's replicate), then each
    /// view's H×W window (Slice).
    /// </summary>
    public static string AddShifts(OnnxGraphBuilder graph, string input, int shift, int height, int width, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shift);
        var padded = graph.AddNode("Pad", $"{prefix}.padded", [input, graph.AddInt64Initializer($"{prefix}.pads", [0, 0, shift, shift, 0, 0, shift, shift])],
            OnnxAttributes.String("mode", "edge"));
        var axes = graph.AddInt64Initializer($"{prefix}.axes", [2, 3]);
        var views = ShiftedViews.Moves.Select((move, v) =>
        {
            long top = shift - (move.Down * shift), left = shift - (move.Right * shift);
            return graph.AddNode("Slice", $"{prefix}.view{v}", [
                padded,
                graph.AddInt64Initializer($"{prefix}.view{v}_starts", [top, left]),
                graph.AddInt64Initializer($"{prefix}.view{v}_ends", [top + height, left + width]),
                axes,
            ]);
        });
        return graph.AddNode("Concat", $"{prefix}.views", views.ToArray(), OnnxAttributes.Int("axis", 0));
    }

    /// <summary>The unit-length mean over <paramref name="views"/> views of <paramref name="output"/> [V·N,D] (views outermost): [N,D].</summary>
    public static string AddUnitMean(OnnxGraphBuilder graph, string output, int views, int dimension, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var perView = graph.AddNode("Reshape", $"{prefix}.per_view", [output, graph.AddInt64Initializer($"{prefix}.per_view_shape", [views, -1, dimension])]);
        var sum = graph.AddNode("ReduceSum", $"{prefix}.sum", [perView, graph.AddInt64Initializer($"{prefix}.sum_axes", [0])], OnnxAttributes.Int("keepdims", 0));
        using var unit = new L2Normalize();
        return LayerExporter.Export(graph, $"{prefix}.unit", unit, sum);
    }
}
