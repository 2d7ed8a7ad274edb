using System.Collections.Concurrent;

namespace Siamese.Cli;

/// <summary>Per-file failures collected during a run and printed once at the end.</summary>
internal sealed class FailureLog
{
    private readonly ConcurrentQueue<(string Path, string Reason)> _failures = new();
    private string? _fatal;

    public int Count => _failures.Count;

    /// <summary>Why the whole run stopped early, when it did.</summary>
    public string? Fatal => _fatal;

    public void Add(string path, string reason) => _failures.Enqueue((path, reason));

    /// <summary>Records the first fatal reason; later ones are consequences of it.</summary>
    public void SetFatal(string reason) => Interlocked.CompareExchange(ref _fatal, reason, null);

    public void Print(TextWriter output)
    {
        if (_fatal is not null)
        {
            output.WriteLine($"Stopped: {_fatal}");
        }

        if (_failures.IsEmpty)
        {
            return;
        }

        output.WriteLine($"{_failures.Count} file(s) failed:");
        foreach (var (path, reason) in _failures.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            output.WriteLine($"  {path}: {reason}");
        }
    }
}
