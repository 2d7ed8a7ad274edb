using Siamese.Index;
using Siamese.Inference;
using Siamese.ServiceDefaults;

namespace Siamese.Match;

/// <summary>
/// What the match service needs before it can answer: the model (for dimension, threshold and the vector
/// space) and the opened index. Set once by <see cref="MatchInitializer"/>.
/// </summary>
public sealed class MatchState
{
    private readonly TaskCompletionSource<EmbedderModel> _model = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IVectorIndex> _index = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _index.Task.IsCompletedSuccessfully;

    /// <summary>The model; throws <see cref="ServiceNotReadyException"/> until it is known.</summary>
    public EmbedderModel Model => _model.Task.IsCompletedSuccessfully
        ? _model.Task.Result
        : throw new ServiceNotReadyException("The match service is starting: the model is not loaded yet; retry shortly.");

    /// <summary>The index; throws <see cref="ServiceNotReadyException"/> until it is open.</summary>
    public IVectorIndex Index => _index.Task.IsCompletedSuccessfully
        ? _index.Task.Result
        : throw new ServiceNotReadyException("The match service is starting: the vector index is not open yet; retry shortly.");

    /// <summary>The vector space of the model (for the index registration, resolved after the model is known).</summary>
    public VectorSpace Space => new(Model.Metadata.ModelId, Model.Metadata.EmbeddingDimension);

    /// <summary>Completes when the service can answer.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken = default) => _index.Task.WaitAsync(cancellationToken);

    internal void SetModel(EmbedderModel model) => _model.TrySetResult(model);

    internal void SetIndex(IVectorIndex index) => _index.TrySetResult(index);

    internal void Fail(Exception exception)
    {
        _model.TrySetException(exception);
        _index.TrySetException(exception);
    }
}
