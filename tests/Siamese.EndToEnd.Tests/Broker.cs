using System.Net.Sockets;

namespace Siamese.EndToEnd.Tests;

/// <summary>
/// The RabbitMQ the tests use: <c>SIAMESE_RABBITMQ</c> (default amqp://guest:guest@127.0.0.1:5672/). When it is
/// unreachable the tests skip, except under CI (<c>CI=true</c>) where that is a failure.
/// </summary>
internal static class Broker
{
    public const string Variable = "SIAMESE_RABBITMQ";

    public static Uri Uri { get; } = new(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : "amqp://guest:guest@127.0.0.1:5672/");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the broker answers; false (skip) when it does not and this is not CI; throws under CI.</summary>
    public static bool Available()
    {
        try
        {
            using var tcp = new TcpClient();
            tcp.ConnectAsync(Uri.Host, Uri.Port > 0 ? Uri.Port : 5672).Wait(TimeSpan.FromSeconds(3));
            if (tcp.Connected)
            {
                return true;
            }
        }
        catch (AggregateException)
        {
        }
        catch (SocketException)
        {
        }

        var message = $"RabbitMQ is not reachable at {Uri.Host}:{Uri.Port} (set {Variable}).";
        if (IsCi)
        {
            throw new InvalidOperationException(message + " CI=true: the end-to-end tests need it.");
        }

        Console.WriteLine("SKIPPED: " + message);
        return false;
    }
}
