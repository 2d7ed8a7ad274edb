using System.CommandLine;
using Siamese.Model;
using Siamese.Trainer.Suite;

namespace Siamese.Trainer.Cli;

/// <summary><c>suite</c>: the benchmark suite of issue #11 → bench/results/trainer-suite.json.</summary>
public static class SuiteCommand
{
    public static Command Create(string[] args)
    {
        var defaults = new SuiteOptions();
        var datasets = new Option<string>("--datasets")
        {
            Description = $"Folder holding orl_faces, yalefaces, omniglot_small, grocery_produce (default: ${SharedData.DatasetsVariable}, else the shared/datasets folder found beside the repository).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SharedData.DatasetsVariable) is { Length: > 0 } named ? named : SharedData.Datasets ?? defaults.DatasetsRoot,
        };
        var output = new Option<string>("--out") { Description = "Folder for every run's model and reports.", DefaultValueFactory = _ => defaults.Output };
        var results = new Option<string>("--results") { Description = "The results file.", DefaultValueFactory = _ => defaults.Results };
        var only = new Option<string[]>("--only") { Description = "Only these datasets (orl, yalefaces, omniglot_small, grocery_produce, synthetic).", AllowMultipleArgumentsPerToken = true };
        var towers = new Option<string[]>("--towers") { Description = "Only these towers (by --tower name).", AllowMultipleArgumentsPerToken = true };
        var episodes = new Option<int>("--episodes") { Description = "One-shot episodes per run (at least 1000).", DefaultValueFactory = _ => defaults.Episodes };
        var maxSeeds = new Option<int?>("--max-seeds") { Description = "At most this many seeds per tower (the plan's first): a shorter suite, recorded in the file's command." };
        var scratchMinutes = new Option<double?>("--scratch-minutes") { Description = "Training time budget (train --max-minutes) of the towers trained from scratch (conv, baseline); recorded in the file's command." };
        var quick = new Option<bool>("--quick") { Description = "Every run with train --quick and at most 5-way episodes: a smoke test of the suite, not a benchmark." };
        var command = new Command("suite", "Train and score every tower on every dataset of the benchmark suite; write one results file.")
        {
            datasets, output, results, only, towers, episodes, maxSeeds, scratchMinutes, quick,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var names = parse.GetValue(only) ?? [];
            var unknown = names.Where(n => SuitePlan.Entries.All(e => e.Name != n)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ArgumentException($"--only: unknown dataset(s) {string.Join(", ", unknown)}; the suite has {string.Join(", ", SuitePlan.Entries.Select(e => e.Name))}.");
            }

            var count = parse.GetValue(episodes);
            if (count < 1000 && !parse.GetValue(quick))
            {
                throw new ArgumentException($"--episodes must be at least 1000 (got {count}): fewer give intervals too wide to compare towers.");
            }

            var suite = new SuiteRunner(Console.Out).Run(new SuiteOptions
            {
                DatasetsRoot = parse.GetValue(datasets)!,
                Output = OutputFile.CheckFolder("--out", parse.GetValue(output)!, "for every run's model and reports"),
                Results = OutputFile.Check("--results", parse.GetValue(results), "trainer-suite.json")!,
                Only = names,
                Towers = parse.GetValue(towers) ?? [],
                Episodes = Math.Max(1, count),
                Quick = parse.GetValue(quick),
                MaxSeeds = parse.GetValue(maxSeeds) is { } most and < 1 ? throw new ArgumentException($"--max-seeds must be at least 1 (got {most}).") : parse.GetValue(maxSeeds),
                ScratchMinutes = parse.GetValue(scratchMinutes) is { } minutes and not > 0 ? throw new ArgumentException($"--scratch-minutes must be positive (got {minutes}).") : parse.GetValue(scratchMinutes),
                Command = "dotnet run --project trainer/Siamese.Trainer -c Release -- " + string.Join(' ', args),
            });

            // Every run skipped (each one's reason printed): a script running the suite must see it fail.
            return suite.Datasets.Sum(d => d.Runs.Count) == 0 ? 1 : 0;
        }));
        return command;
    }
}
