using Siamese.Onnx;
using static TorchSharp.torch;

namespace Siamese.Trainer.Onnx;

/// <summary>TorchSharp tensors as initializers of the graph being exported.</summary>
internal static class TorchInitializers
{
    /// <summary>A float32 initializer holding <paramref name="tensor"/>'s values and shape.</summary>
    public static string AddInitializer(this OnnxGraphBuilder graph, string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(tensor);
        using var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return graph.AddInitializer(name, values.data<float>().ToArray(), values.shape);
    }
}
