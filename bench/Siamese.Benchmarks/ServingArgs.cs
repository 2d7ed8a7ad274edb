using System.Globalization;

namespace Siamese.Benchmarks;

/// <summary>
/// Option parsing shared by the benchmarks. A value that cannot be used is an <see cref="ArgumentException"/> naming its
/// option (Program turns it into one line and exit code 2, before anything is measured or written).
/// </summary>
internal static class ServingArgs
{
    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A whole number of at least <paramref name="min"/>, or <paramref name="fallback"/> when the option is absent.</summary>
    public static int Int(string[] args, string name, int fallback, int min = 1) =>
        Value(args, name) is { } v ? ParseInt(name, v, min) : fallback;

    /// <summary>A comma-separated list of whole numbers of at least <paramref name="min"/>.</summary>
    public static int[] IntList(string[] args, string name, string fallback, int min = 1)
    {
        var value = Value(args, name) ?? fallback;
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0
            ? [.. items.Select(s => ParseInt(name, s, min))]
            : throw new ArgumentException($"{name} needs a comma-separated list of whole numbers, got '{value}'.");
    }

    /// <summary>A positive number (seconds and the like), or <paramref name="fallback"/> when the option is absent.</summary>
    public static double Positive(string[] args, string name, double fallback) =>
        Value(args, name) is not { } v ? fallback
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d) ? d
        : throw new ArgumentException($"{name} needs a positive number, got '{v}'.");

    /// <summary>Names from a comma-separated list, each one of <typeparamref name="T"/>'s.</summary>
    public static List<T> EnumList<T>(string[] args, string name, string fallback)
        where T : struct, Enum
    {
        var value = Value(args, name) ?? fallback;
        return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
            Enum.TryParse<T>(s, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ArgumentException($"{name}: '{s}' is not one of {string.Join(", ", Enum.GetNames<T>())}.")).Distinct()];
    }

    /// <summary>--model, or the test model the service tests use (artifacts/test-model/model.onnx).</summary>
    public static string Model(string[] args, bool required)
    {
        var model = Value(args, "--model") ?? (required ? null : Path.Combine(ResultsFile.RepoRoot(), "artifacts", "test-model", "model.onnx"));
        return model is not null && File.Exists(model)
            ? Path.GetFullPath(model)
            : throw new ArgumentException($"Model '{model ?? "(none)"}' not found: pass --model <model.onnx> exported by the trainer.");
    }

    /// <summary>--data, or the shared grocery produce: its photos/ and iconic/ folders (a folder per class in each).</summary>
    public static (string Photos, string Iconic) GroceryProduce(string[] args)
    {
        var data = Value(args, "--data") ?? Siamese.Model.SharedData.GroceryProduce
            ?? throw new ArgumentException($"Grocery produce not found: pass --data <folder with photos/ and iconic/> or set {Siamese.Model.SharedData.GroceryProduceVariable}.");
        var photos = Path.Combine(data, "photos");
        var iconic = Path.Combine(data, "iconic");
        return Directory.Exists(photos) && Directory.Exists(iconic)
            ? (photos, iconic)
            : throw new ArgumentException($"'{data}' is not the grocery produce folder: it needs photos/ and iconic/ (a folder per class in each).");
    }

    private static int ParseInt(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{name} needs a whole number of at least {min}, got '{value}'.");
}
