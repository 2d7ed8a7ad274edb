namespace Siamese.Standalone;

/// <summary>
/// Short options of <c>serve</c> turned into configuration keys; any setting also passes as <c>--Section:Key value</c>
/// (or <c>=value</c>), and the host's own <c>--urls</c>, <c>--environment</c>, <c>--contentRoot</c>. Anything else (a
/// misspelt option, a stray word, an option without its value) is refused with <see cref="ArgumentException"/>
/// naming it, rather than ignored: <c>--modle x.onnx</c> would otherwise start on the default model path.
/// </summary>
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
    };

    // No API keys: allowed on loopback only (the start fails otherwise), and logged.
    private const string Open = "--open";

    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "urls", "environment", "contentRoot", "applicationName" };

    /// <summary>The arguments as the configuration's command-line source reads them.</summary>
    public static string[] ToConfiguration(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == Open)
            {
                configuration.Add("--Security:Mode=Open");
                continue;
            }

            var name = arg.Split('=', 2)[0];
            var known = Aliases.ContainsKey(name) || (name.StartsWith("--", StringComparison.Ordinal) && name.Length > 2
                && (name.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(name[2..])));
            if (!known)
            {
                throw new ArgumentException(name.StartsWith('-')
                    ? $"Unknown serve option '{name}'. Options: {string.Join(", ", Aliases.Keys)}, {Open}; or any setting as --Section:Key <value> (README, Settings)."
                    : $"Unexpected argument '{arg}': serve takes options only (verbs: serve, the default, and demo).");
            }

            if (arg.Contains('=', StringComparison.Ordinal))
            {
                configuration.Add(Aliases.GetValueOrDefault(name, name) + arg[name.Length..]);
                continue;
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{arg} needs a value.");
            }

            configuration.Add(Aliases.GetValueOrDefault(name, name));
            configuration.Add(args[++i]);
        }

        return [.. configuration];
    }
}
