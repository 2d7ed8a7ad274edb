namespace Siamese.Benchmarks;

/// <summary>A whole benchmark run that writes one results file under <c>bench/results/</c>.</summary>
public interface IBenchmark
{
    /// <summary>The verb on the command line: <c>dotnet run -c Release --project bench/Siamese.Benchmarks -- &lt;name&gt;</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>The options that take a value (<c>--frames 400</c>); any other option is refused before the run.</summary>
    IReadOnlyList<string> Options { get; }

    /// <summary>The options that take no value (<c>--merge</c>).</summary>
    IReadOnlyList<string> Flags => [];

    /// <summary>Runs and returns the figures to record (serialised as JSON beside command, measured_at, machine).</summary>
    Task<object> RunAsync(string[] args, CancellationToken cancellationToken);
}
