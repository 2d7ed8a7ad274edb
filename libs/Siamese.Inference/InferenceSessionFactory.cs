using Microsoft.ML.OnnxRuntime;

namespace Siamese.Inference;

/// <summary>
/// Creates ONNX Runtime sessions on the requested execution provider. When the provider cannot be used (the
/// CPU-only package, no GPU, missing CUDA/TensorRT libraries) the session runs on the CPU with the reason, or,
/// when the caller requires the provider, fails with <see cref="ExecutionProviderUnavailableException"/>.
/// </summary>
public static class InferenceSessionFactory
{
    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="requested">The provider the configuration asks for.</param>
    /// <param name="intraOpThreads">Threads per operator; 0 lets ONNX Runtime choose (one per core).</param>
    /// <param name="requireRequested">Fail instead of falling back to the CPU (a GPU deployment that must not run slowly unnoticed).</param>
    public static CreatedSession Create(string modelPath, ExecutionProvider requested, int intraOpThreads = 0, bool requireRequested = false)
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
                var explained = ProviderDiagnostics.Explain(requested, ex);
                if (requireRequested)
                {
                    throw new ExecutionProviderUnavailableException(requested, explained + " The configuration requires it, so there is no CPU fallback.", ex);
                }

                reason = explained + " Running on CPU.";
            }
        }

        var cpu = NewOptions(intraOpThreads);
        try
        {
            return new CreatedSession(new InferenceSession(modelPath, cpu), requested, ExecutionProvider.Cpu, reason);
        }
        catch (OnnxRuntimeException ex)
        {
            // Not a provider's fault: the CPU cannot load it either (a truncated copy, another file, a model of an opset it lacks).
            cpu.Dispose();
            throw new InvalidDataException($"Model file '{modelPath}' cannot be loaded by ONNX Runtime: {ex.Message}", ex);
        }
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
        if (!available.Contains(ProviderDiagnostics.OrtName(provider), StringComparer.Ordinal))
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
}
