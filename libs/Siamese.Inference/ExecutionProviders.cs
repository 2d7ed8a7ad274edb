namespace Siamese.Inference;

/// <summary>Execution providers by their conventional spelling (CPU, CUDA, TensorRT), as replies and logs show them.</summary>
public static class ExecutionProviders
{
    public static string Name(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cpu => "CPU",
        ExecutionProvider.Cuda => "CUDA",
        _ => provider.ToString(),
    };

    /// <summary>The provider a name stands for (any case); CPU for an empty or unknown name.</summary>
    public static ExecutionProvider Parse(string? name) =>
        Enum.TryParse<ExecutionProvider>(name, ignoreCase: true, out var provider) ? provider : ExecutionProvider.Cpu;
}
