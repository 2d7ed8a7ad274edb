using RabbitMQ.Client;

namespace Siamese.EndToEnd.Tests;

/// <summary>
/// A queue of its own bound to the exchange of one of the pipeline's events, read with the plain RabbitMQ client: what
/// the broker was handed, delivery mode included (2 = kept on disk, 1 = in memory only).
/// </summary>
internal sealed class DeliveryModeProbe(IConnection connection, IChannel channel, string queue) : IAsyncDisposable
{
    /// <summary>Binds a server-named, exclusive queue to the exchange of <typeparamref name="TMessage"/> (MassTransit names it after the type).</summary>
    public static async Task<DeliveryModeProbe> BindAsync<TMessage>()
    {
        var connection = await new ConnectionFactory { Uri = Broker.Uri }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync();
        await channel.QueueBindAsync(queue.QueueName, $"{typeof(TMessage).Namespace}:{typeof(TMessage).Name}", "");
        return new DeliveryModeProbe(connection, channel, queue.QueueName);
    }

    /// <summary>Whether the first message that reached the queue was persistent (waits up to <paramref name="timeout"/> for one).</summary>
    public async Task<bool> FirstIsPersistentAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
            {
                return message.BasicProperties.Persistent;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No message reached the probe's queue within {timeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
