using Microsoft.ML.OnnxRuntime;

namespace Siamese.Inference;

/// <summary>
/// Creates ONNX Runtime sessions on the requested execution provider, or on the CPU with a reason when the
/// provider is not in this runtime (the CPU-only package, no GPU, missing CUDA/TensorRT libraries).
/// </summary>
public static class InferenceSessionFactory
{
    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="requested">The provider the configuration asks for.</param>
    /// <param name="intraOpThreads">Threads per operator; 0 lets ONNX Runtime choose (one per core).</param>
    public static CreatedSession Create(string modelPath, ExecutionProvider requested, int intraOpThreads = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file '{modelPath}' does not exist.", modelPath);
        }

        string? reason = null;
        if (requested != ExecutionProvider.Cpu)
        {
            var options = NewOptions(intraOpThreads);
            try
            {
                Append(options, requested);
                return new CreatedSession(new InferenceSession(modelPath, options), requested, requested, null);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or NotSupportedException)
            {
                options.Dispose();
                reason = $"{(requested == ExecutionProvider.Cuda ? "CUDA" : "TensorRT")} is not available in this ONNX Runtime ({ex.GetType().Name}: {FirstLine(ex.Message)}); running on CPU.";
            }
        }

        return new CreatedSession(new InferenceSession(modelPath, NewOptions(intraOpThreads)), requested, ExecutionProvider.Cpu, reason);
    }

    private static SessionOptions NewOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Max(0, intraOpThreads),
        };

        // Idle worker threads sleep instead of spinning: in a service they would steal the cores that decode,
        // preprocess and serialise the next batch.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    private static void Append(SessionOptions options, ExecutionProvider provider)
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        var name = provider == ExecutionProvider.Cuda ? "CUDAExecutionProvider" : "TensorrtExecutionProvider";
        if (!available.Contains(name, StringComparer.Ordinal))
        {
            throw new NotSupportedException($"providers in this runtime: {string.Join(", ", available)}");
        }

        if (provider == ExecutionProvider.Cuda)
        {
            options.AppendExecutionProvider_CUDA();
        }
        else
        {
            options.AppendExecutionProvider_Tensorrt();
            options.AppendExecutionProvider_CUDA();
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
