using Siamese.Imaging;
using Siamese.Model;

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
    /// Embeds crops, gray or colour: each is converted to the model's input by the trainer's preprocessing (resize,
    /// normalise; a gray crop repeated in three planes for a colour model, a colour crop's luma for a gray model).
    /// Returns one vector per crop, in order.
    /// </summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<ModelCrop> crops, CancellationToken cancellationToken = default);

    /// <summary>Embeds gray crops (<see cref="EmbedAsync(IReadOnlyList{ModelCrop}, CancellationToken)"/>).</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<GrayImage> crops, CancellationToken cancellationToken = default) =>
        EmbedAsync([.. (crops ?? throw new ArgumentNullException(nameof(crops))).Select(ModelCrop.Gray)], cancellationToken);
}
