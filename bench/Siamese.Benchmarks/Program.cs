using Siamese.Benchmarks;

// Each benchmark is a class implementing IBenchmark; the first argument picks it.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help" || benchmarks.All(b => b.Name != args[0]))
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Siamese.Benchmarks -- <benchmark> [options]");
    foreach (var b in benchmarks)
    {
        Console.WriteLine($"  {b.Name,-12} {b.Description}");
    }

    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}

var benchmark = benchmarks.Single(b => b.Name == args[0]);

// `<name> --help` explains rather than runs: a benchmark ignores options it does not know, and running it would
// replace its recorded results file.
if (args.Skip(1).Any(a => a is "-h" or "--help"))
{
    Console.WriteLine($"{benchmark.Name}: {benchmark.Description}");
    Console.WriteLine($"usage: dotnet run -c Release --project bench/Siamese.Benchmarks -- {benchmark.Name} [options] [--results FILE]");
    Console.WriteLine($"options: {string.Join(", ", benchmark.Options.Select(o => o + " <value>").Concat(benchmark.Flags))} (what each does: the line above, and bench/README.md)");
    Console.WriteLine($"writes bench/results/{benchmark.Name}.json unless --results FILE is given");
    return 0;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

// --results FILE writes elsewhere than bench/results/<name>.json (a check run that must not replace a recorded result).
var resultsAt = Array.IndexOf(args, "--results");
if (resultsAt > 0 && (resultsAt + 1 >= args.Length || args[resultsAt + 1].StartsWith("--", StringComparison.Ordinal)))
{
    await Console.Error.WriteLineAsync("--results needs a value: the results file to write.");
    return 2;
}

var resultsFile = resultsAt > 0 ? args[resultsAt + 1] : null;

// Checked before a benchmark of minutes: before, a results file that could not be written failed at the end with a stack trace.
if (resultsFile is not null && ResultsFileProblem(resultsFile) is { } unwritable)
{
    await Console.Error.WriteLineAsync(unwritable);
    return 2;
}
var benchmarkArgs = resultsFile is null ? args[1..] : [.. args[1..resultsAt], .. args[(resultsAt + 2)..]];

// A misspelt option would otherwise be ignored, and the run would replace the recorded results file with figures
// measured on the defaults.
if (UnusableArgument(benchmark, benchmarkArgs) is { } refused)
{
    await Console.Error.WriteLineAsync(refused);
    return 2;
}

ResultsFile.Redirect = resultsFile;
object figures;
try
{
    figures = await benchmark.RunAsync(benchmarkArgs, cts.Token);
}
catch (ArgumentException ex)
{
    // A value the benchmark cannot use: named, nothing measured or written.
    await Console.Error.WriteLineAsync($"{benchmark.Name}: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException)
{
    // What the run needs is missing or unusable (the shared data, a broker, a model file): one line, no trace.
    await Console.Error.WriteLineAsync($"{benchmark.Name} could not run: {ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"{benchmark.Name} stopped (Ctrl+C) before it finished: only a step that had finished wrote its figures (index writes after each configuration).");
    return 130;
}

// The GPU flavour (-p:Gpu=true) is part of what reproduces a file measured with it.
var flavour = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider") ? "-p:Gpu=true " : "";
var command = $"dotnet run -c Release {flavour}--project bench/Siamese.Benchmarks -- " + string.Join(' ', args);
var path = ResultsFile.Write(benchmark.Name, command, figures, resultsFile);
Console.WriteLine($"wrote {Path.GetRelativePath(ResultsFile.RepoRoot(), path)}");
return 0;

// Null when every argument is one of the benchmark's options (with its value) or flags; else what is wrong, naming it.
static string? UnusableArgument(IBenchmark benchmark, string[] args)
{
    for (var i = 0; i < args.Length; i++)
    {
        var arg = args[i];
        if (benchmark.Flags.Contains(arg))
        {
            continue;
        }

        if (!benchmark.Options.Contains(arg))
        {
            var known = string.Join(", ", benchmark.Options.Concat(benchmark.Flags).Append("--results"));
            return arg.StartsWith('-')
                ? $"Unknown {benchmark.Name} option '{arg}'. Options: {known}."
                : $"Unexpected argument '{arg}': {benchmark.Name} takes options only ({known}).";
        }

        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            return $"{arg} needs a value.";
        }

        i++;
    }

    return null;
}

static string? ResultsFileProblem(string path) =>
    string.IsNullOrWhiteSpace(path) ? "--results needs a value: the results file to write."
    : Directory.Exists(path) || Path.EndsInDirectorySeparator(path) ? $"--results '{path}' is a folder: name the JSON file to write, e.g. {Path.Combine(path, "results.json")}."
    : Siamese.Model.WritablePath.Problem("--results", path, Path.GetDirectoryName(Path.GetFullPath(path))!);
