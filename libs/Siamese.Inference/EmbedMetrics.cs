using System.Diagnostics.Metrics;

namespace Siamese.Inference;

/// <summary>Batch sizes and queue waits of the embedder (meter <c>Siamese.Embed</c>).</summary>
public sealed class EmbedMetrics
{
    public const string MeterName = "Siamese.Embed";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _inference;
    private readonly Counter<long> _crops;

    public EmbedMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>("siamese.embed.batch_size", "{crop}", "Crops per model run.");
        _queueWait = meter.CreateHistogram<double>("siamese.embed.queue_wait", "ms", "Time crops waited for a batch.");
        _inference = meter.CreateHistogram<double>("siamese.embed.inference", "ms", "Duration of one model run.");
        _crops = meter.CreateCounter<long>("siamese.embed.crops", "{crop}", "Crops embedded.");
    }

    public void RecordBatch(int size, double inferenceMs)
    {
        _batchSize.Record(size);
        _inference.Record(inferenceMs);
        _crops.Add(size);
    }

    public void RecordWait(double waitMs) => _queueWait.Record(waitMs);
}
