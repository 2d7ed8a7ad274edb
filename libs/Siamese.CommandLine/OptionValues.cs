using System.CommandLine.Parsing;

namespace Siamese.CommandLine;

/// <summary>
/// An option's value inside a validator of the command-line tools (the trainer, the CLI, the load generator). The
/// parser runs validators even where the text did not convert (<c>--lr abc</c>), and reading the value there throws:
/// that was an unhandled exception and a stack trace instead of the parser's own "Cannot parse argument 'abc' for
/// option '--lr'". A validator reads the value through <see cref="TryGetValue"/> and leaves a value that did not
/// convert to the parser.
/// </summary>
public static class OptionValues
{
    /// <summary>The option's value, or false where its text did not convert (the parser reports that error itself).</summary>
    public static bool TryGetValue<T>(this OptionResult result, out T value)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
