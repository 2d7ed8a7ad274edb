using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Imaging;
using Siamese.ServiceDefaults;

namespace Siamese.Ingest;

/// <summary>
/// Accepts a frame: validate, register (or find by idempotency key), publish, and only then report it accepted.
/// A frame that could not be published is forgotten, so nothing is acknowledged that the bus does not hold.
/// </summary>
internal sealed class FrameIntake(
    FrameStore store, IFramePublisher publisher, IOptions<IngestOptions> options, ImageLimits limits, DecodeGate gate, ILogger<FrameIntake> logger)
{
    public async Task<FrameAccepted> SubmitAsync(FrameSubmission frame, CancellationToken cancellationToken)
    {
        await ValidateAsync(frame, cancellationToken).ConfigureAwait(false);
        var fingerprint = frame.IdempotencyKey is null ? null : Fingerprint(frame);
        var (record, created) = store.Reserve(frame.Tenant, frame.CameraId, frame.IdempotencyKey, fingerprint);
        if (!created)
        {
            if (record.Fingerprint != fingerprint)
            {
                // A camera that reuses keys (a counter reset by a restart) would otherwise lose this frame without a word.
                throw FrameRejectedException.KeyReused(
                    $"Idempotency key '{NameRules.Shorten(frame.IdempotencyKey)}' of camera '{frame.CameraId}' already names frame {record.FrameId}, " +
                    $"received at {record.View.ReceivedAt:O} with another image or other regions: a key names one frame, so send this frame with a key of its own.");
            }

            // Same frame, same key again (a retry): answer as the first time did, with the frame's status now, once the
            // first request's publish has settled.
            await record.Accepted.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            IngestLog.Duplicate(logger, record.FrameId, frame.CameraId);
            return Accepted(record.FrameId, frame.Tenant, record.View.Status);
        }

        var message = new FrameReceived(record.FrameId, frame.Tenant, frame.CameraId, record.View.ReceivedAt,
            frame.ContentType, frame.Image, frame.Regions);
        try
        {
            await publisher.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            store.Remove(record);
            record.Accepted.TrySetException(ex);
            IngestLog.PublishFailed(logger, ex, record.FrameId, frame.CameraId);
            throw;
        }

        record.Accepted.TrySetResult();
        IngestLog.Accepted(logger, record.FrameId, frame.CameraId, frame.Image.Length);
        return Accepted(record.FrameId, frame.Tenant, FrameState.Queued);
    }

    private static string Fingerprint(FrameSubmission frame)
    {
        var regions = frame.Regions is null ? "" : string.Join(";", frame.Regions);
        return Convert.ToHexString(SHA256.HashData(frame.Image)) + "/" + regions;
    }

    /// <summary>Decoding the frame is the expensive part of a POST: it waits for a decoding slot, or is refused as busy (429, retry).</summary>
    private async Task ValidateAsync(FrameSubmission frame, CancellationToken cancellationToken)
    {
        try
        {
            await gate.RunAsync(() => FrameValidator.Validate(frame, options.Value, limits), cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceBusyException ex)
        {
            throw FrameRejectedException.Busy(ex.Message, ex);
        }
    }

    // The status URL names the frame's tenant unless it is the default one, so that it answers as it is in open mode too,
    // where nothing but the request says whose frame it is (with a key it only repeats the key's tenant).
    private FrameAccepted Accepted(Guid id, string tenant, FrameState status) =>
        new(id, status, tenant == options.Value.DefaultTenant ? $"/v1/frames/{id}" : $"/v1/frames/{id}?{IngestTenant.QueryName}={Uri.EscapeDataString(tenant)}");
}
