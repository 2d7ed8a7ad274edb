using System.Net.Sockets;

namespace Siamese.Testing;

/// <summary>
/// The RabbitMQ the tests use: <c>SIAMESE_RABBITMQ</c> (default amqp://guest:guest@127.0.0.1:5672/). When it is
/// unreachable the tests that need it say Skipped, except under CI (<c>CI=true</c>) where that is a failure.
/// </summary>
public static class Broker
{
    public const string Variable = "SIAMESE_RABBITMQ";

    public static Uri Uri { get; } = new(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : "amqp://guest:guest@127.0.0.1:5672/");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the broker answers; otherwise why not (a skip reason). Throws under CI, where the broker must be there.</summary>
    public static string? Unavailable()
    {
        try
        {
            using var tcp = new TcpClient();
            tcp.ConnectAsync(Uri.Host, Uri.Port > 0 ? Uri.Port : 5672).Wait(TimeSpan.FromSeconds(3));
            if (tcp.Connected)
            {
                return null;
            }
        }
        catch (AggregateException)
        {
        }
        catch (SocketException)
        {
        }

        var message = $"RabbitMQ is not reachable at {Uri.Host}:{Uri.Port} (set {Variable}).";
        return IsCi ? throw new InvalidOperationException(message + " CI=true: the tests that use the broker need it.") : message;
    }
}
