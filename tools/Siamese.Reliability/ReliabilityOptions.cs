namespace Siamese.Reliability;

/// <summary>What one run of the suite does (every section by default, at the sizes issue #13 names).</summary>
public sealed record ReliabilityOptions
{
    public static readonly IReadOnlyList<string> AllSections =
        ["unauthenticated", "bad-inputs", "cross-tenant", "second-writer", "kill9", "large-images", "broker-kill"];

    public IReadOnlySet<string> Sections { get; init; } = new HashSet<string>(AllSections, StringComparer.Ordinal);

    /// <summary>Scratch folder (indexes, key stores, the RabbitMQ node's data); emptied at the start.</summary>
    public string Work { get; init; } = Path.Combine("artifacts", "reliability");

    public int RabbitPort { get; init; } = 5673;

    public int RabbitDistributionPort { get; init; } = 25673;

    public int Frames { get; init; } = 1000;

    public double FramesPerSecond { get; init; } = 20;

    public int Operations { get; init; } = 10_000;

    public int Kill9Rounds { get; init; } = 5;

    public int LargeImages { get; init; } = 20;

    public static ReliabilityOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ReliabilityOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => Number<int>(args[i], Next(), text => int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null, "a whole number above 0");
            options = args[i] switch
            {
                "--sections" => options with { Sections = ParseSections(Next()) },
                "--work" => options with { Work = Next() },
                "--rabbit-port" => options with { RabbitPort = Int() },
                "--rabbit-dist-port" => options with { RabbitDistributionPort = Int() },
                "--frames" => options with { Frames = Int() },
                "--rate" => options with { FramesPerSecond = Number<double>(args[i], Next(), text => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var f) && f > 0 && double.IsFinite(f) ? f : null, "a number above 0") },
                "--help" or "-h" or "-?" => throw new HelpRequestedException(Usage),
                "--operations" => options with { Operations = Int() },
                "--rounds" => options with { Kill9Rounds = Int() },
                "--large-images" => options with { LargeImages = Int() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}"),
            };
        }

        if (string.IsNullOrWhiteSpace(options.Work))
        {
            throw new ArgumentException("--work needs a value.");
        }

        if (File.Exists(options.Work))
        {
            throw new ArgumentException($"--work '{options.Work}' is a file: name a folder (it is made if it does not exist).");
        }

        if (Siamese.Model.WritablePath.Problem("--work", options.Work, options.Work) is { } unwritable)
        {
            // Before: an unhandled FileNotFoundException once the suite began.
            throw new ArgumentException(unwritable);
        }

        return options;
    }

    /// <summary>The options, for --help and after an unknown one.</summary>
    public static string Usage =>
        $"Options: --sections {string.Join(',', AllSections)} --work DIR --rabbit-port N " +
        "--rabbit-dist-port N --frames N --rate F --operations N --rounds N --large-images N";

    private static T Number<T>(string option, string text, Func<string, T?> parse, string expected)
        where T : struct =>
        parse(text) ?? throw new ArgumentException($"{option} needs {expected}, got '{text}'.");

    private static HashSet<string> ParseSections(string list)
    {
        var chosen = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = chosen.Except(AllSections).ToList();
        return unknown.Count == 0 ? chosen : throw new ArgumentException($"Unknown section(s) {string.Join(", ", unknown)}; use {string.Join(',', AllSections)}.");
    }
}

/// <summary>--help: the usage goes to standard output and the run ends with exit code 0.</summary>
public sealed class HelpRequestedException(string usage) : Exception(usage);
