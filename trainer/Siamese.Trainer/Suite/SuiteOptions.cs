namespace Siamese.Trainer.Suite;

/// <summary>Settings of a suite run (the <c>suite</c> verb).</summary>
public sealed record SuiteOptions
{
    /// <summary>The folder holding orl_faces, yalefaces, omniglot_small, grocery_produce.</summary>
    public string DatasetsRoot { get; init; } = Path.Combine("..", "shared", "datasets");

    /// <summary>Where each run's model and reports go (one folder per dataset, tower and seed).</summary>
    public string Output { get; init; } = Path.Combine("artifacts", "suite");

    public string Results { get; init; } = Path.Combine("bench", "results", "trainer-suite.json");

    /// <summary>Dataset names to run; empty = all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Tower names to run; empty = every tower of the plan.</summary>
    public IReadOnlyList<string> Towers { get; init; } = [];

    /// <summary>One-shot episodes per run (at least 1,000).</summary>
    public int Episodes { get; init; } = 2000;

    /// <summary>At most this many seeds per tower (the plan's first ones); null = every seed of the plan.</summary>
    public int? MaxSeeds { get; init; }

    /// <summary>--max-minutes for the towers trained from scratch (conv, baseline): a training time budget; null = none.</summary>
    public double? ScratchMinutes { get; init; }

    /// <summary>Each run with the trainer's --quick (tests: seconds, not a benchmark).</summary>
    public bool Quick { get; init; }

    /// <summary>The command line, for the results file.</summary>
    public string Command { get; init; } = "";
}
