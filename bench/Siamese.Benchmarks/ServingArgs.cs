using System.Globalization;

namespace Siamese.Benchmarks;

/// <summary>Option parsing shared by the serving and embed benchmarks.</summary>
internal static class ServingArgs
{
    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>--model, or the test model the service tests use (artifacts/test-model/model.onnx).</summary>
    public static string Model(string[] args, bool required)
    {
        var model = Value(args, "--model") ?? (required ? null : Path.Combine(ResultsFile.RepoRoot(), "artifacts", "test-model", "model.onnx"));
        return model is not null && File.Exists(model)
            ? Path.GetFullPath(model)
            : throw new ArgumentException($"Model '{model ?? "(none)"}' not found: pass --model <model.onnx> exported by the trainer.");
    }
}
