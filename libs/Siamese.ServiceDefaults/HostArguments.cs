namespace Siamese.ServiceDefaults;

/// <summary>One short option of a host: <c>--model x.onnx</c> is the setting <c>Models:Embedding</c>.</summary>
/// <param name="Name">The option as typed, with its dashes.</param>
/// <param name="Setting">The configuration key it sets.</param>
/// <param name="Value">What the value is, for the usage text (<c>&lt;model.onnx&gt;</c>).</param>
/// <param name="Help">One line for the usage text.</param>
public sealed record HostOption(string Name, string Setting, string Value, string Help);

/// <summary>
/// The command line of a host: <c>--help</c>, its short options, any setting as <c>--Section:Key value</c> (or
/// <c>=value</c>), and the web host's own <c>--environment</c>, <c>--contentRoot</c>. <c>--urls</c> is refused with what to
/// use instead: Kestrel binds the endpoints of appsettings.json and ignores it. Anything else (a
/// misspelt option, a stray word, an option without its value) is refused with <see cref="ArgumentException"/> naming
/// it, rather than ignored: <c>--modle x.onnx</c> would otherwise start on the model path of appsettings.json, and
/// <c>--help</c> would start a server.
/// </summary>
/// <param name="Command">How the usage text names the command (<c>Siamese.Match.Host</c>, <c>serve</c>).</param>
/// <param name="Summary">What the host does, one line.</param>
/// <param name="Options">Its short options.</param>
public sealed record HostArguments(string Command, string Summary, IReadOnlyList<HostOption> Options)
{
    /// <summary>No API keys: allowed on loopback only (the start fails otherwise), and logged.</summary>
    public const string Open = "--open";

    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "environment", "contentRoot", "applicationName" };

    private static readonly HashSet<string> HelpNames = new(StringComparer.Ordinal) { "--help", "-h", "-?" };

    /// <summary>The options every service host takes: the key store, the admin key, no keys.</summary>
    public static IReadOnlyList<HostOption> SecurityOptions { get; } =
    [
        new("--keys", "Security:KeyStorePath", "<keys.json>", "the tenants' API keys (default data/keys/keys.json)"),
        new("--admin-key-file", "Security:AdminKeyFile", "<file>", "a file holding the admin key (the admin API)"),
    ];

    /// <summary>The embedding model, for the hosts that run or read it.</summary>
    public static HostOption Model { get; } = new("--model", "Models:Embedding", "<model.onnx>", "the exported tower");

    /// <summary>YuNet, for the hosts that find faces.</summary>
    public static HostOption YuNet { get; } = new("--yunet", "Models:YuNet", "<yunet_s_dynamic.onnx>", "the face detector of models trained with --align yunet");

    /// <summary>The execution provider, for the hosts that run the model.</summary>
    public static HostOption Provider { get; } = new("--provider", "Embed:ExecutionProvider", "<Cpu|Cuda|TensorRt>", "where the model runs");

    /// <summary>The embedded index's folder, for the hosts that hold the index.</summary>
    public static HostOption DataDirectory { get; } = new("--data-dir", "Match:Embedded:DataDirectory", "<folder>", "the embedded index's folder (default data/index)");

    /// <summary>True when the arguments ask for the usage text: <c>--help</c>, <c>-h</c> or <c>-?</c> anywhere, or <c>help</c> first.</summary>
    public static bool IsHelp(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(HelpNames.Contains) || args is ["help", ..];
    }

    /// <summary>The arguments as the configuration's command-line source reads them.</summary>
    public string[] ToConfiguration(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == Open)
            {
                configuration.Add("--Security:Mode=Open");
                continue;
            }

            var name = arg.Split('=', 2)[0];
            if (string.Equals(name, "--urls", StringComparison.OrdinalIgnoreCase))
            {
                // Kestrel binds the endpoints of appsettings.json and only logs that it ignored --urls.
                throw new ArgumentException(
                    "--urls is not used: the host listens on the endpoints of its appsettings.json (Kestrel:Endpoints), which win over --urls. "
                    + "Move them with --Kestrel:Endpoints:Http:Url <url> (and --Kestrel:Endpoints:Grpc:Url <url> where the host serves gRPC)"
                    + (Options.Any(o => o.Name == "--listen") ? ", or keep their ports on another address with --listen <address>." : "."));
            }

            var option = Options.FirstOrDefault(o => o.Name == name);
            var known = option is not null || (name.StartsWith("--", StringComparison.Ordinal) && name.Length > 2
                && (name.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(name[2..])));
            if (!known)
            {
                throw new ArgumentException(name.StartsWith('-')
                    ? $"Unknown {Command} option '{name}'. Options: {string.Join(", ", Options.Select(o => o.Name).Append(Open))}; or any setting as --Section:Key <value> (README, Settings); --help for more."
                    : $"Unexpected argument '{arg}': {Command} takes options only (--help lists them).");
            }

            var key = option is null ? name : "--" + option.Setting;
            if (arg.Contains('=', StringComparison.Ordinal))
            {
                // A short option names a file, an address or a provider: empty, it would read as not given at all.
                if (option is not null && string.IsNullOrWhiteSpace(arg[(name.Length + 1)..]))
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                configuration.Add(key + arg[name.Length..]);
                continue;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)
                || (option is not null && string.IsNullOrWhiteSpace(args[i + 1])))
            {
                throw new ArgumentException($"{arg} needs a value.");
            }

            configuration.Add(key);
            configuration.Add(args[++i]);
        }

        return [.. configuration];
    }

    /// <summary>The usage text: the summary, the options and the settings they stand for, where settings come from.</summary>
    public string Usage()
    {
        var rows = Options.Select(o => ($"{o.Name} {o.Value}", $"{o.Help} ({o.Setting})"))
            .Append((Open, "no API keys: loopback only (Security:Mode=Open)"))
            .Append(("--Kestrel:Endpoints:Http:Url <url>", "where HTTP listens (…:Grpc:Url for gRPC), instead of appsettings.json's endpoint"))
            .Append(("--Section:Key <value>", "any setting (README, Settings); also the environment variable Section__Key"))
            .ToList();
        var width = rows.Max(r => r.Item1.Length) + 2;
        var text = new System.Text.StringBuilder()
            .AppendLine(Summary)
            .AppendLine()
            .AppendLine($"Usage: {Command} [options]")
            .AppendLine()
            .AppendLine("Options:");
        foreach (var (option, help) in rows)
        {
            text.AppendLine($"  {option.PadRight(width)}{help}");
        }

        return text
            .AppendLine()
            .Append($"Settings are read from appsettings.json beside the binary ({AppContext.BaseDirectory}), then the environment, then these options; relative paths are taken from the current folder.")
            .ToString();
    }
}
