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

    public static DemoOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DemoOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--data" => options with { Data = Next() },
                "--out" => options with { Output = Next() },
                "--model" => options with { Model = Next() },
                "--quick" => options with { Quick = true },
                "--classes" => options with { Classes = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--per-class" => options with { PerClass = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException(
                    $"Unknown demo option '{args[i]}'. Options: --data <folder-per-class> --out <dir> --model <model.onnx> --quick --classes N --per-class N"),
            };
        }

        return options.Validate();
    }

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

        return this;
    }
}
