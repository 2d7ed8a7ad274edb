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
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
