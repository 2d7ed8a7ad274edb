using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Model;
using Siamese.ServiceDefaults;

namespace Siamese.Inference;

/// <summary>
/// Loads the model at start, warms it up, then merges concurrent calls into batches of at most
/// <see cref="EmbedOptions.MaxBatchSize"/> crops, waiting at most <see cref="EmbedOptions.MaxBatchWait"/>
/// for a batch to fill. Callers preprocess their own crops, so that work runs in parallel with the model.
/// </summary>
public sealed class BatchingEmbedder(
    IOptions<EmbedOptions> options, IOptions<ModelsOptions> models, IEmbeddingModelLoader loader, EmbedMetrics metrics, ILogger<BatchingEmbedder> logger)
    : BackgroundService, IEmbedder
{
    /// <summary>The longest a disposal waits for a load in progress (a TensorRT engine build can take minutes).</summary>
    private static readonly TimeSpan LoadWaitOnDispose = TimeSpan.FromMinutes(5);

    private readonly EmbedOptions _options = options.Value;
    private readonly Channel<PendingBatch> _queue = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<EmbedderModel> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StartupLoad _load = new();
    private IEmbeddingModel? _embedder;
    private PendingBatch? _carried;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public string? NotReadyReason { get; private set; }

    public EmbedderModel Model => IsReady ? _ready.Task.Result : throw NotReady();

    public Task<EmbedderModel> WhenReadyAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    public async Task<float[][]> EmbedAsync(IReadOnlyList<ModelCrop> crops, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var embedder = _embedder is not null && IsReady ? _embedder : throw NotReady();
        if (crops.Count == 0)
        {
            return [];
        }

        var length = embedder.InputLength;
        var chunks = new List<(int Start, PendingBatch Batch)>();
        for (var start = 0; start < crops.Count; start += _options.MaxBatchSize)
        {
            var count = Math.Min(_options.MaxBatchSize, crops.Count - start);
            var input = new float[count * length];
            for (var i = 0; i < count; i++)
            {
                embedder.Preprocessor.Write(crops[start + i], input.AsSpan(i * length, length));
            }

            var batch = new PendingBatch(input, count);
            chunks.Add((start, batch));
            await _queue.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        var dimension = embedder.Dimension;
        var vectors = new float[crops.Count][];
        foreach (var (start, batch) in chunks)
        {
            var flat = await batch.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                vectors[start + i] = flat.AsSpan(i * dimension, dimension).ToArray();
            }
        }

        return vectors;
    }

    /// <summary>Waits for a load in progress before the model goes (<see cref="StartupLoad"/>).</summary>
    public override void Dispose()
    {
        if (!_load.Close(ExecuteTask is not null, LoadWaitOnDispose))
        {
            return;
        }

        _embedder?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the host answers liveness while the model loads; readiness waits for it.
        await Task.Yield();
        try
        {
            if (!_load.MayBegin)
            {
                return; // disposed before the load began (a failed start)
            }

            _embedder = Load();

            // Ready only once the model is in place: a caller woken by WhenReadyAsync goes straight to EmbedAsync.
            var m = _embedder.Metadata;
            _ready.TrySetResult(new EmbedderModel(m, _embedder.RequestedProvider, _embedder.ActiveProvider, _embedder.ProviderNote));
        }
        catch (ExecutionProviderUnavailableException ex)
        {
            // A GPU was required and cannot be used: stay up and not ready, saying why, rather than run slowly on the
            // CPU or restart in a loop. Callers waiting for the model keep waiting (bus messages are not failed).
            NotReadyReason = ex.Message;
            EmbedLog.ProviderUnavailable(logger, ex.Message);
            metrics.SetProvider(ExecutionProviders.Name(ex.Requested), active: null);
            return;
        }
        catch (Exception ex)
        {
            EmbedLog.LoadFailed(logger, ex);
            _ready.TrySetException(ex);
            throw;
        }
        finally
        {
            _load.Finished();
        }

        try
        {
            while (_carried is not null || await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var batches = await GatherAsync(stoppingToken).ConfigureAwait(false);
                if (batches.Count > 0)
                {
                    Run(_embedder, batches);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: callers still waiting are cancelled below.
        }

        FailPending(new ServiceNotReadyException("The embed service is shutting down."));
    }

    private IEmbeddingModel Load()
    {
        var path = models.Value.RequireEmbedding();
        EmbedLog.Loading(logger, Path.GetFullPath(path), _options.ExecutionProvider.ToString());
        var embedder = loader.Load(path, _options);
        if (embedder.ProviderNote is { } note)
        {
            EmbedLog.ProviderFallback(logger, note);
        }

        if (_options.WarmUp)
        {
            embedder.Run(new float[embedder.InputLength * _options.MaxBatchSize], _options.MaxBatchSize);
            embedder.Run(new float[embedder.InputLength], 1);
        }

        var m = embedder.Metadata;
        EmbedLog.Ready(logger, m.ModelId, embedder.ActiveProvider.ToString(), m.InputHeight, m.InputWidth, m.EmbeddingDimension,
            m.Threshold, _options.MaxBatchSize, _options.MaxBatchWait.TotalMilliseconds);
        metrics.SetProvider(ExecutionProviders.Name(embedder.RequestedProvider), ExecutionProviders.Name(embedder.ActiveProvider));
        return embedder;
    }

    /// <summary>Takes waiting batches until the batch is full or the wait is over; a batch that does not fit is carried over.</summary>
    private async Task<List<PendingBatch>> GatherAsync(CancellationToken stoppingToken)
    {
        var batches = new List<PendingBatch>();
        var total = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxBatchWait.TotalSeconds * Stopwatch.Frequency);
        while (total < _options.MaxBatchSize)
        {
            if (_carried is not null || _queue.Reader.TryRead(out _carried))
            {
                if (total > 0 && total + _carried.Count > _options.MaxBatchSize)
                {
                    break;
                }

                batches.Add(_carried);
                total += _carried.Count;
                _carried = null;
                continue;
            }

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(remaining);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        return batches;
    }

    private void Run(IEmbeddingModel embedder, List<PendingBatch> batches)
    {
        var count = batches.Sum(b => b.Count);
        var now = Stopwatch.GetTimestamp();
        foreach (var b in batches)
        {
            metrics.RecordWait(Stopwatch.GetElapsedTime(b.EnqueuedAt, now).TotalMilliseconds);
        }

        float[]? rented = null;
        try
        {
            float[] input;
            if (batches.Count == 1)
            {
                input = batches[0].Input;
            }
            else
            {
                input = rented = ArrayPool<float>.Shared.Rent(count * embedder.InputLength);
                var offset = 0;
                foreach (var b in batches)
                {
                    b.Input.AsSpan().CopyTo(input.AsSpan(offset));
                    offset += b.Input.Length;
                }
            }

            var output = embedder.Run(input, count);
            metrics.RecordBatch(count, Stopwatch.GetElapsedTime(now).TotalMilliseconds);
            Complete(batches, output, embedder.Dimension);
        }
        catch (Exception ex)
        {
            EmbedLog.BatchFailed(logger, ex, count);
            foreach (var b in batches)
            {
                b.Done.TrySetException(ex);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private static void Complete(List<PendingBatch> batches, float[] output, int dimension)
    {
        if (batches.Count == 1)
        {
            batches[0].Done.TrySetResult(output);
            return;
        }

        var offset = 0;
        foreach (var b in batches)
        {
            b.Done.TrySetResult(output.AsSpan(offset, b.Count * dimension).ToArray());
            offset += b.Count * dimension;
        }
    }

    private ServiceNotReadyException NotReady() => new(NotReadyReason is { } reason
        ? $"The embedder is not ready: {reason}"
        : "The embedding model is still loading; retry shortly.");

    private void FailPending(Exception reason)
    {
        if (_carried is not null)
        {
            _carried.Done.TrySetException(reason);
        }

        while (_queue.Reader.TryRead(out var b))
        {
            b.Done.TrySetException(reason);
        }
    }
}
