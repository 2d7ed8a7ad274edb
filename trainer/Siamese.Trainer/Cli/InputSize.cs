using System.CommandLine.Parsing;
using System.Globalization;

namespace Siamese.Trainer.Cli;

/// <summary>Model input size as "HxW" (height first, like the tensors: 56x46 for ORL's 112x92 halved).</summary>
public readonly record struct InputSize(int Height, int Width)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Height}x{Width}");

    public static bool TryParse(string text, out InputSize size)
    {
        size = default;
        var parts = text.Split('x', 'X', '×');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && h is > 0 and <= 1024 && w is > 0 and <= 1024)
        {
            size = new InputSize(h, w);
            return true;
        }

        return false;
    }

    public static InputSize Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var size))
        {
            return size;
        }

        result.AddError($"--input '{text}' is not HEIGHTxWIDTH with both between 1 and 1024, e.g. 56x46.");
        return default;
    }
}
