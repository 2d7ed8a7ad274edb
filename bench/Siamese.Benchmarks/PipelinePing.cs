namespace Siamese.Benchmarks;

/// <summary>The smallest message, for the raw MassTransit-over-RabbitMQ ceiling.</summary>
public sealed record PipelinePing(int Sequence);
