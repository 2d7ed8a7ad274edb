using System.Collections.Concurrent;
using MassTransit;
using Siamese.Contracts;

namespace Siamese.Ingest.Tests;

/// <summary>
/// Stands in for detect → embed → match: answers each frame with one crop identified as "s1", except for
/// camera "broken" (a deterministic failure: FrameFailed) and camera "poison" (the consumer throws every time).
/// </summary>
public sealed class FakePipeline : IConsumer<FrameReceived>
{
    public static ConcurrentDictionary<Guid, int> Deliveries { get; } = new();

    public static ConcurrentBag<FrameReceived> Received { get; } = [];

    public async Task Consume(ConsumeContext<FrameReceived> context)
    {
        var m = context.Message;
        Deliveries.AddOrUpdate(m.FrameId, 1, (_, n) => n + 1);
        Received.Add(m);
        switch (m.CameraId)
        {
            case "poison":
                throw new InvalidOperationException("detector exploded on this frame");
            case "broken":
                await context.Publish(new FrameFailed(m.FrameId, m.Tenant, m.CameraId, "detect", "the image could not be decoded"));
                return;
            default:
                var box = m.Regions?.FirstOrDefault() ?? new BoundingBox(0, 0, 8, 8);
                await context.Publish(new FrameIdentified(m.FrameId, m.Tenant, m.CameraId, m.ReceivedAt, "test:1",
                    [new CropIdentity(0, box, 0.99f, "s1", 0.25f, true)], []));
                return;
        }
    }
}
