namespace Siamese.Inference;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU provider; always present.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA (needs the GPU build of ONNX Runtime and a GPU).</summary>
    Cuda,

    /// <summary>NVIDIA TensorRT (needs the GPU build of ONNX Runtime, TensorRT and a GPU).</summary>
    TensorRT,
}
