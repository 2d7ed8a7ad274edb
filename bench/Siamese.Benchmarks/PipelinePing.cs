namespace Siamese.Benchmarks;

/// <summary>
/// A message for the raw MassTransit-over-RabbitMQ ceiling: the smallest (no payload), or one carrying a frame's bytes as
/// FrameReceived carries them (a byte array, base64 in the JSON envelope).
/// </summary>
public sealed record PipelinePing(int Sequence, byte[]? Payload = null);
