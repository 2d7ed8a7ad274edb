using System.ComponentModel.DataAnnotations;

namespace Siamese.Inference;

/// <summary>
/// How the embedding model runs (section <c>Embed</c>): in the embed service, and in a match or standalone host that
/// runs the model in-process. The model file itself is <c>Models:Embedding</c>.
/// </summary>
public sealed class EmbedOptions : IValidatableObject
{
    public const string SectionName = "Embed";

    /// <summary>CPU, CUDA or TensorRT; falls back to CPU (logged, and shown by GetModelInfo) when absent, unless <see cref="RequireGpu"/>.</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>
    /// Never fall back to the CPU: when the CUDA/TensorRT provider cannot be loaded the embedder stays not ready and
    /// readiness and the log say why (the missing library). On in the GPU image and the Kubernetes GPU overlay.
    /// </summary>
    public bool RequireGpu { get; set; }

    /// <summary>ONNX Runtime threads per operator; 0 = one per core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>Most crops run through the model at once (requests arriving together are merged up to this).</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>How long a batch waits for more crops before it runs; zero runs whatever has arrived.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Most crops one request may carry.</summary>
    [Range(1, 100_000)]
    public int MaxCropsPerRequest { get; set; } = 512;

    /// <summary>Run a full batch once at start, before reporting ready, so the first request is not slow.</summary>
    public bool WarmUp { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RequireGpu && ExecutionProvider == ExecutionProvider.Cpu)
        {
            yield return new ValidationResult(
                "Embed:RequireGpu is true but Embed:ExecutionProvider is Cpu: set the provider to Cuda or TensorRT, or RequireGpu to false.",
                [nameof(RequireGpu)]);
        }
    }
}
