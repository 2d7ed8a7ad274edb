using MassTransit;
using Microsoft.Extensions.Logging;
using Siamese.Contracts;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Messaging;
using Siamese.Model;

namespace Siamese.Embed.Consumers;

/// <summary>
/// Embeds the crops of many frames in one model run (a MassTransit batch), then publishes one
/// <see cref="EmbeddingsComputed"/> per frame. A frame with malformed crops fails alone; the rest of the batch flows.
/// </summary>
public sealed partial class CropsDetectedConsumer(IEmbedder embedder, FrameDeduplicator<CropsDetectedConsumer> completed, ILogger<CropsDetectedConsumer> logger)
    : IConsumer<Batch<CropsDetected>>
{
    public async Task Consume(ConsumeContext<Batch<CropsDetected>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = await embedder.WhenReadyAsync(context.CancellationToken).ConfigureAwait(false);
        var frames = new List<ConsumeContext<CropsDetected>>();
        var crops = new List<ModelCrop>();
        foreach (var item in context.Message.DistinctBy(m => m.Message.FrameId))
        {
            var m = item.Message;
            if (completed.IsCompleted(m.FrameId))
            {
                continue;
            }

            if (Check(m) is { } error)
            {
                LogFailed(logger, m.FrameId, error);
                await item.Publish(new FrameFailed(m.FrameId, m.Tenant, m.CameraId, "embed", error)).ConfigureAwait(false);
                completed.MarkCompleted(m.FrameId);
                continue;
            }

            frames.Add(item);
            crops.AddRange(m.Crops.Select(ToModelCrop));
        }

        var vectors = crops.Count > 0 ? await embedder.EmbedAsync(crops, context.CancellationToken).ConfigureAwait(false) : [];
        var offset = 0;
        foreach (var item in frames)
        {
            var m = item.Message;
            var embeddings = m.Crops.Select((c, i) => new CropEmbedding(c.Index, c.Box, c.Score, vectors[offset + i])).ToList();
            offset += m.Crops.Count;
            await item.Publish(new EmbeddingsComputed(m.FrameId, m.Tenant, m.CameraId, m.ReceivedAt, model.Metadata.ModelId, embeddings, m.Rejected, m.Reason))
                .ConfigureAwait(false);
            completed.MarkCompleted(m.FrameId);
        }

        LogBatch(logger, frames.Count, crops.Count);
    }

    private static string? Check(CropsDetected m)
    {
        for (var i = 0; i < m.Crops.Count; i++)
        {
            var c = m.Crops[i];
            if (c.Channels is not (1 or 3))
            {
                return $"crop {c.Index} is malformed: {c.Channels} channels; 1 (gray) or 3 (RGB) are read.";
            }

            if (c.Width <= 0 || c.Height <= 0 || c.Pixels is null || c.Pixels.Length != c.Width * c.Height * c.Channels)
            {
                return $"crop {c.Index} is malformed: {c.Width}×{c.Height}×{c.Channels} needs {Math.Max(0, c.Width) * Math.Max(0, c.Height) * c.Channels} bytes, it has {c.Pixels?.Length ?? 0}.";
            }
        }

        return null;
    }

    /// <summary>A crop of the bus as the model's crop; messages from before colour have no channels and are gray.</summary>
    private static ModelCrop ToModelCrop(FaceCrop c) =>
        c.Channels == 3
            ? ModelCrop.Colour(new RgbImage(c.Width, c.Height, c.Pixels))
            : ModelCrop.Gray(new GrayImage(c.Width, c.Height, [.. c.Pixels.Select(p => (float)p)]));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Frames} frames, {Crops} crops in one batch")]
    private static partial void LogBatch(ILogger logger, int frames, int crops);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frame {FrameId} failed at embed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid frameId, string reason);
}
