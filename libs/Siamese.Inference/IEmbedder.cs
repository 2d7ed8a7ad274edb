using Siamese.Imaging;

namespace Siamese.Inference;

/// <summary>
/// Turns crops into embeddings. Calls from many threads are merged into batches; each call gets its own
/// vectors back in order. Used by the gRPC service, the bus consumers and (in-process) the match service.
/// </summary>
public interface IEmbedder
{
    /// <summary>True once the model is loaded and warmed up.</summary>
    bool IsReady { get; }

    /// <summary>
    /// Why the embedder will not become ready without an operator (a required GPU provider that cannot be loaded);
    /// null while it loads or once it is ready.
    /// </summary>
    string? NotReadyReason { get; }

    /// <summary>The loaded model. Throws <see cref="ServiceDefaults.ServiceNotReadyException"/> before it is loaded.</summary>
    EmbedderModel Model { get; }

    /// <summary>Completes with the model once it is loaded (faults when loading failed).</summary>
    Task<EmbedderModel> WhenReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Embeds crops: each is converted to the model's input by the trainer's preprocessing (resize, normalise).
    /// Returns one vector per crop, in order.
    /// </summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<GrayImage> crops, CancellationToken cancellationToken = default);
}
