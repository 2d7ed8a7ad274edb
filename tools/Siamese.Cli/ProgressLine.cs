namespace Siamese.Cli;

/// <summary>A single self-overwriting progress line on stderr; silent when stderr is redirected (logs stay clean).</summary>
internal sealed class ProgressLine(string verb, int total)
{
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private int _done;
    private int _failed;

    public void Succeeded()
    {
        Interlocked.Increment(ref _done);
        Report();
    }

    public void Failed()
    {
        Interlocked.Increment(ref _failed);
        Interlocked.Increment(ref _done);
        Report();
    }

    public void Finish()
    {
        if (_enabled)
        {
            Console.Error.WriteLine();
        }
    }

    // The counts are read under the lock, not passed in: calls run concurrently, and a count taken before another
    // call's write went out after it ("enrolled 3/40" then "2/40"; the last line could stay one short of the total).
    private void Report()
    {
        if (_enabled)
        {
            lock (_gate)
            {
                var failed = Volatile.Read(ref _failed);
                Console.Error.Write($"\r{verb} {Volatile.Read(ref _done)}/{total}" + (failed > 0 ? $", {failed} failed" : "") + "   ");
            }
        }
    }
}
