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
    Console.WriteLine($"writes bench/results/{benchmark.Name}.json unless --results FILE is given; its options are in bench/README.md");
    return 0;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

// --results FILE writes elsewhere than bench/results/<name>.json (a check run that must not replace a recorded result).
var resultsAt = Array.IndexOf(args, "--results");
var resultsFile = resultsAt > 0 && resultsAt + 1 < args.Length ? args[resultsAt + 1] : null;
var benchmarkArgs = resultsFile is null ? args[1..] : [.. args[1..resultsAt], .. args[(resultsAt + 2)..]];
ResultsFile.Redirect = resultsFile;
var figures = await benchmark.RunAsync(benchmarkArgs, cts.Token);

// The GPU flavour (-p:Gpu=true) is part of what reproduces a file measured with it.
var flavour = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider") ? "-p:Gpu=true " : "";
var command = $"dotnet run -c Release {flavour}--project bench/Siamese.Benchmarks -- " + string.Join(' ', args);
var path = ResultsFile.Write(benchmark.Name, command, figures, resultsFile);
Console.WriteLine($"wrote {Path.GetRelativePath(ResultsFile.RepoRoot(), path)}");
return 0;
