using MassTransit;
using Microsoft.Extensions.Logging;
using Siamese.Contracts;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

namespace Siamese.Match.Consumers;

/// <summary>
/// Names each crop of a frame (nearest subject, distance, known/unknown) and publishes the frame's result.
/// A frame that cannot be matched (unknown tenant, vectors of another model) is reported failed, not retried.
/// </summary>
public sealed partial class EmbeddingsComputedConsumer(
    IdentificationService identification, MatchState state, FrameDeduplicator<EmbeddingsComputedConsumer> completed,
    ILogger<EmbeddingsComputedConsumer> logger) : IConsumer<EmbeddingsComputed>
{
    private const int CandidatesPerCrop = 3;

    public async Task Consume(ConsumeContext<EmbeddingsComputed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (completed.IsCompleted(m.FrameId))
        {
            return;
        }

        await state.WhenReadyAsync(context.CancellationToken).ConfigureAwait(false);
        try
        {
            var crops = await IdentifyAsync(m, context.CancellationToken).ConfigureAwait(false);
            await context.Publish(new FrameIdentified(m.FrameId, m.Tenant, m.CameraId, m.ReceivedAt, m.ModelId, crops, m.Rejected, m.Reason))
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ResourceNotFoundException or ArgumentException or LimitExceededException)
        {
            LogFailed(logger, m.FrameId, ex.Message);
            await context.Publish(new FrameFailed(m.FrameId, m.Tenant, m.CameraId, "match", ex.Message)).ConfigureAwait(false);
        }

        completed.MarkCompleted(m.FrameId);
    }

    private async Task<IReadOnlyList<CropIdentity>> IdentifyAsync(EmbeddingsComputed m, CancellationToken cancellationToken)
    {
        var expected = identification.Model.Metadata.ModelId;
        if (m.ModelId != expected)
        {
            throw new ArgumentException($"the embeddings come from model '{m.ModelId}', but the index holds vectors of '{expected}'.");
        }

        if (m.Embeddings.Count == 0)
        {
            return [];
        }

        // More than one candidate: when the nearest is refused (a reported wrong match), the next may be the answer.
        var results = await identification.IdentifyEmbeddingsAsync(m.Tenant, [.. m.Embeddings.Select(e => e.Vector)], CandidatesPerCrop, null, cancellationToken)
            .ConfigureAwait(false);
        return [.. m.Embeddings.Select((e, i) =>
        {
            var nearest = results[i].Match ?? results[i].Candidates.FirstOrDefault();
            return new CropIdentity(e.Index, e.Box, e.Score, nearest?.SubjectId, nearest?.Distance ?? float.PositiveInfinity, results[i].Known, nearest?.DisplayName);
        })];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Frame {FrameId} failed at match: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid frameId, string reason);
}
