namespace Siamese.Standalone;

/// <summary>Short options of <c>serve</c> turned into configuration keys; everything else passes through.</summary>
public static class ServeArguments
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["--model"] = "--Models:Embedding",
        ["--yunet"] = "--Models:YuNet",
        ["--data-dir"] = "--Match:Embedded:DataDirectory",
        ["--provider"] = "--Embed:ExecutionProvider",
        ["--listen"] = "--" + ListenAddress.Key,
        ["--keys"] = "--Security:KeyStorePath",
        ["--admin-key-file"] = "--Security:AdminKeyFile",

        // No API keys: allowed on loopback only (the start fails otherwise), and logged.
        ["--open"] = "--Security:Mode=Open",
    };

    public static string[] ToConfiguration(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return [.. args.Select(a => Aliases.GetValueOrDefault(a, a))];
    }
}
