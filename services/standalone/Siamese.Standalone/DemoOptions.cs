using Siamese.Model;

namespace Siamese.Standalone;

/// <summary>Arguments of <c>demo</c>.</summary>
public sealed record DemoOptions
{
    /// <summary>A folder per class; null: a synthetic item dataset is generated.</summary>
    public string? Data { get; init; }

    /// <summary>Where the generated data, the trained model and the index go.</summary>
    public string Output { get; init; } = Path.Combine("artifacts", "demo");

    /// <summary>An already trained model: skips training.</summary>
    public string? Model { get; init; }

    /// <summary>Train briefly (the trainer's --quick): a smoke run, not a good model.</summary>
    public bool Quick { get; init; }

    public int Classes { get; init; } = 40;

    public int PerClass { get; init; } = 10;

    // A count given on the command line, or an error naming the option (int.Parse alone said only "The input string
    // 'abc' was not in a correct format", and a number past int's range ended the demo with an unhandled exception).
    private static int Count(string option, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new ArgumentException($"{option} needs a whole number, got '{value}'.");

    public static DemoOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DemoOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length && !string.IsNullOrWhiteSpace(args[i + 1]) ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--data" => options with { Data = Next() },
                "--out" => options with { Output = Next() },
                "--model" => options with { Model = Next() },
                "--quick" => options with { Quick = true },
                "--classes" => options with { Classes = Count(args[i], Next()) },
                "--per-class" => options with { PerClass = Count(args[i], Next()) },
                _ => throw new ArgumentException($"Unknown demo option '{args[i]}'. Options: {OptionList}; --help for more."),
            };
        }

        return options.Validate();
    }

    /// <summary>The synthetic dataset's largest size: beyond it the demo's training would take hours here.</summary>
    public const int MaxClasses = 1000;

    /// <summary>The largest number of generated images per class.</summary>
    public const int MaxPerClass = 100;

    private const string OptionList = "--data <folder-per-class> --out <dir> --model <model.onnx> --quick --classes N --per-class N";

    /// <summary>The usage text of <c>demo --help</c>.</summary>
    public static string Usage { get; } = string.Join(Environment.NewLine,
        "demo: the main job end to end on this machine. Generates a synthetic item dataset (or takes --data), trains and exports a",
        "model, starts the standalone host on loopback ports, enrols one image per class over gRPC, identifies the others and",
        "prints one-shot accuracy and latency.",
        "",
        "Usage: demo [options]",
        "",
        "Options:",
        "  --data <folder-per-class>  your images, one sub-folder per class (default: a generated synthetic item dataset); the",
        "                             trainer chooses by the data: faces it finds are aligned with YuNet, as the host then cuts them",
        "  --out <dir>                where the data, the model and the index go (default artifacts/demo)",
        "  --model <model.onnx>       an exported model: skips training",
        "  --quick                    train briefly (a smoke run, not a good model)",
        $"  --classes N                classes of the generated dataset (default 40, 2 to {MaxClasses})",
        $"  --per-class N              images per generated class (default 10, 2 to {MaxPerClass})");

    /// <summary>Refuses, before anything is generated or trained, what cannot work: paths that do not exist, too few classes.</summary>
    private DemoOptions Validate()
    {
        if (Model is { } model && !File.Exists(model))
        {
            throw new ArgumentException(Directory.Exists(model)
                ? $"--model '{Path.GetFullPath(model)}' is a folder: pass the model file the trainer exported (a run writes model.onnx), or leave --model out to train one."
                : $"--model '{Path.GetFullPath(model)}' does not exist: pass a model.onnx the trainer exported, or leave --model out to train one.");
        }

        if (Data is { } data && !Directory.Exists(data))
        {
            throw new ArgumentException($"--data '{Path.GetFullPath(data)}' is not a folder: pass a folder with one sub-folder of images per class, or leave --data out to generate a synthetic item dataset.");
        }

        if (Classes < 2 || PerClass < 2)
        {
            throw new ArgumentException("--classes and --per-class need at least 2 each: one image per class is enrolled and the others are the probes.");
        }

        if (Classes > MaxClasses || PerClass > MaxPerClass)
        {
            throw new ArgumentException($"--classes is at most {MaxClasses} and --per-class at most {MaxPerClass} (got {Classes} and {PerClass}): a larger synthetic set would take hours to train here. For your own data pass --data.");
        }

        if (File.Exists(Output))
        {
            throw new ArgumentException($"--out '{Path.GetFullPath(Output)}' is a file: name a folder (it is made if it does not exist).");
        }

        if (WritablePath.Problem("--out", Path.GetFullPath(Output), Output) is { } unwritable)
        {
            // Before: "The demo stopped: Could not find file '/proc/demo'" once the dataset was being generated.
            throw new ArgumentException(unwritable);
        }

        return this;
    }
}
