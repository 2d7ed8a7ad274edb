using Siamese.Trainer.Data;

namespace Siamese.Trainer.Cli;

/// <summary>Turns the errors a user can cause (bad paths, bad data, bad settings) into one clear line and exit code 2.</summary>
public static class CommandRunner
{
    public static int Run(Func<int> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (Exception e) when (UserError(e) is { } error)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"error: {ImageFiles.WithTheOthers(error).Message}");
            return 2;
        }
    }

    /// <summary>
    /// The error a user caused, if that is what <paramref name="e"/> is: also inside the AggregateException of a
    /// parallel loop (images are decoded in parallel, so an unreadable file surfaces wrapped).
    /// </summary>
    private static Exception? UserError(Exception e) => e switch
    {
        ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException => e,
        AggregateException aggregate when aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(i => UserError(i) is not null) => inner[0],
        _ => null,
    };
}
