namespace Siamese.Index.Tests;

/// <summary>
/// The entry point of the test assembly when run as a program: <c>dotnet Siamese.Index.Tests.dll crash-writer DIR</c>
/// upserts numbered examples from several writers at once and prints <c>ack N</c> after each acknowledged
/// write, forever, until the parent test kills it with SIGKILL.
/// </summary>
public static class CrashWriter
{
    public const string Verb = "crash-writer";
    public const int Dimension = 8;
    public const string Tenant = "crash";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [Verb, var directory])
        {
            Console.Error.WriteLine($"usage: {Verb} DIR");
            return 2;
        }

        await using var index = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = directory }, Space);
        await index.InitializeAsync();
        var next = -1;
        var output = Console.Out;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                await index.UpsertAsync([RecordFor(n)]);
                lock (output)
                {
                    output.WriteLine($"ack {n}");
                    output.Flush();
                }
            }
        })));
        return 0;
    }

    public static VectorSpace Space => new("crash:1", Dimension);

    /// <summary>The example the writer stores as number <paramref name="n"/>: derivable by the checker.</summary>
    public static VectorRecord RecordFor(int n)
    {
        var vector = new float[Dimension];
        vector[0] = n;
        vector[1] = n % 7;
        return new VectorRecord(IdFor(n), Tenant, $"subject-{n}", $"Subject {n}", vector);
    }

    public static Guid IdFor(int n) => new(n + 1, 0, 0, new byte[8]);
}
