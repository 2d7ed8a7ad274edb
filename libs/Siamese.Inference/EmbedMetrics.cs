using System.Diagnostics.Metrics;

namespace Siamese.Inference;

/// <summary>Batch sizes, queue waits, model runs and the execution provider of the embedder (meter <c>Siamese.Embed</c>).</summary>
public sealed class EmbedMetrics
{
    public const string MeterName = "Siamese.Embed";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _inference;
    private readonly Counter<long> _crops;
    private KeyValuePair<string, object?>[]? _provider;

    public EmbedMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram(
            "siamese.embed.batch_size", "{crop}", "Crops per model run.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _queueWait = meter.CreateHistogram(
            "siamese.embed.queue_wait", "ms", "Time crops waited for a batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 1000] });
        _inference = meter.CreateHistogram(
            "siamese.embed.inference", "ms", "Duration of one model run.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _crops = meter.CreateCounter<long>("siamese.embed.crops", "{crop}", "Crops embedded.");
        meter.CreateObservableGauge(
            "siamese.embed.execution_provider",
            () => _provider is { } tags ? [new Measurement<int>(1, tags)] : Array.Empty<Measurement<int>>(),
            "{provider}",
            "1 for the execution provider the model runs on (provider) beside the one configured (requested); provider none: a required GPU could not be used.");
    }

    public void RecordBatch(int size, double inferenceMs)
    {
        _batchSize.Record(size);
        _inference.Record(inferenceMs);
        _crops.Add(size);
    }

    public void RecordWait(double waitMs) => _queueWait.Record(waitMs);

    /// <summary>The provider in use (null: none, the required one could not be loaded) beside the requested one.</summary>
    public void SetProvider(string requested, string? active) =>
        _provider = [new("provider", active ?? "none"), new("requested", requested)];
}
