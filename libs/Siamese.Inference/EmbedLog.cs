using Microsoft.Extensions.Logging;

namespace Siamese.Inference;

/// <summary>Source-generated log messages of the embed service.</summary>
internal static partial class EmbedLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loading model {Path} on {Provider}")]
    public static partial void Loading(ILogger logger, string path, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution provider fallback: {Reason}")]
    public static partial void ProviderFallback(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Model {ModelId} ready on {Provider}: input {Height}x{Width}, dimension {Dimension}, threshold {Threshold}, batches up to {MaxBatch} within {MaxWaitMs} ms")]
    public static partial void Ready(ILogger logger, string modelId, string provider, int height, int width, int dimension, float threshold, int maxBatch, double maxWaitMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not ready, and will not be without an operator: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The model could not be loaded")]
    public static partial void LoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} crops failed")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);
}
