namespace Siamese.Cli;

/// <summary>A single self-overwriting progress line on stderr; silent when stderr is redirected (logs stay clean).</summary>
internal sealed class ProgressLine(string verb, int total)
{
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private int _done;
    private int _failed;

    public void Succeeded() => Report(Interlocked.Increment(ref _done), Volatile.Read(ref _failed));

    public void Failed()
    {
        var failed = Interlocked.Increment(ref _failed);
        Report(Interlocked.Increment(ref _done), failed);
    }

    public void Finish()
    {
        if (_enabled)
        {
            Console.Error.WriteLine();
        }
    }

    private void Report(int done, int failed)
    {
        if (_enabled)
        {
            lock (_gate)
            {
                Console.Error.Write($"\r{verb} {done}/{total}" + (failed > 0 ? $", {failed} failed" : "") + "   ");
            }
        }
    }
}
