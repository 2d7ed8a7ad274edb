using System.Diagnostics;
using System.Globalization;
using Siamese.Index;

namespace Siamese.Benchmarks;

/// <summary>
/// Exact top-k search latency of the embedded index at 100k and 1M examples (one tenant, k = 5), beside a naive
/// single-threaded scalar brute force over the same data in the same run, so the ratio survives a noisy machine.
/// </summary>
public sealed class IndexBenchmark : IBenchmark
{
    private const string Tenant = "bench";
    private const int K = 5;
    private const int ExamplesPerSubject = 5;
    private const int LoadBatch = 10_000;

    public string Name => "index";

    public string Description => "embedded index search p50/p99 and memory at 100k and 1M vectors vs a scalar brute force [--dimension 128] [--queries 200] [--raw-queries 40] [--sizes 100000,1000000]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var dimension = IntOption(args, "--dimension", 128);
        var queries = IntOption(args, "--queries", 200);
        var rawQueries = IntOption(args, "--raw-queries", 40);
        var sizes = Option(args, "--sizes", "100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        var runs = new List<IndexRun>();
        foreach (var size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(await RunOneAsync(size, dimension, queries, rawQueries, cancellationToken));
        }

        return new
        {
            Dimension = dimension,
            K,
            Tenants = 1,
            ExamplesPerSubject,
            Queries = queries,
            RawQueries = rawQueries,
            SimdWidthBits = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512
                : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256 : 128,
            Notes = "p50_ms/p99_ms: EmbeddedVectorIndex.SearchAsync (exact, SIMD, parallel chunks over all cores, one hit per subject). " +
                    "raw_*: naive single-threaded scalar loop over the same vectors with the same one-hit-per-subject top-k. " +
                    "memory_mb: process working set after load; managed_mb: GC heap after load (the raw copy is made afterwards). " +
                    "load_s: upserts of 10k through the write-ahead log with fsync off and no compaction.",
            Runs = runs,
        };
    }

    private static async Task<IndexRun> RunOneAsync(int size, int dimension, int queryCount, int rawQueryCount, CancellationToken cancellationToken)
    {
        Console.WriteLine($"index: {size:N0} vectors of dimension {dimension}");
        var directory = Path.Combine(Path.GetTempPath(), "siamese-index-bench-" + Guid.NewGuid().ToString("N"));
        var subjects = size / ExamplesPerSubject;
        try
        {
            var options = new EmbeddedIndexOptions { DataDirectory = directory, Fsync = false, CompactAfterBytes = long.MaxValue };
            await using var index = new EmbeddedVectorIndex(options, new VectorSpace("bench:1", dimension));
            await index.InitializeAsync(cancellationToken);

            var load = Stopwatch.StartNew();
            var random = new Random(size);
            for (var start = 0; start < size; start += LoadBatch)
            {
                var batch = Enumerable.Range(start, Math.Min(LoadBatch, size - start))
                    .Select(row => new VectorRecord(RowId(row), Tenant, SubjectOf(row, subjects), "", RandomVector(random, dimension)))
                    .ToList();
                await index.UpsertAsync(batch, cancellationToken);
            }

            load.Stop();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var managedMb = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            var workingSetMb = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;

            var queryRandom = new Random(42);
            var queries = Enumerable.Range(0, queryCount).Select(_ => RandomVector(queryRandom, dimension)).ToList();
            for (var i = 0; i < 5; i++)
            {
                await index.SearchAsync(Tenant, queries[i % queries.Count], K, cancellationToken: cancellationToken);
            }

            var latencies = new List<double>(queryCount);
            var results = new List<IReadOnlyList<SearchHit>>(queryCount);
            foreach (var query in queries)
            {
                var watch = Stopwatch.StartNew();
                var hits = await index.SearchAsync(Tenant, query, K, cancellationToken: cancellationToken);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                results.Add(hits);
            }

            // The same vectors again, regenerated from the same seed, as one flat array for the naive loop.
            var flat = new float[(long)size * dimension];
            var again = new Random(size);
            for (var row = 0; row < size; row++)
            {
                RandomVector(again, dimension).CopyTo(flat.AsSpan(row * dimension, dimension));
            }

            var rawLatencies = new List<double>(rawQueryCount);
            var agreeing = 0;
            for (var q = 0; q < Math.Min(rawQueryCount, queries.Count); q++)
            {
                var watch = Stopwatch.StartNew();
                var raw = NaiveSearch(flat, dimension, subjects, queries[q]);
                rawLatencies.Add(watch.Elapsed.TotalMilliseconds);
                if (raw.SequenceEqual(results[q].Select(h => h.ExampleId)))
                {
                    agreeing++;
                }
            }

            var run = new IndexRun(
                Vectors: size,
                Subjects: subjects,
                LoadS: Math.Round(load.Elapsed.TotalSeconds, 2),
                P50Ms: Percentile(latencies, 50),
                P99Ms: Percentile(latencies, 99),
                RawP50Ms: Percentile(rawLatencies, 50),
                RawP99Ms: Percentile(rawLatencies, 99),
                SpeedupP50: Math.Round(Percentile(rawLatencies, 50) / Percentile(latencies, 50), 1),
                MemoryMb: Math.Round(workingSetMb, 1),
                ManagedMb: Math.Round(managedMb, 1),
                VectorBytesMb: Math.Round((double)size * dimension * sizeof(float) / 1048576.0, 1),
                ResultsAgreeWithRaw: $"{agreeing}/{rawLatencies.Count}");
            Console.WriteLine($"  p50 {run.P50Ms} ms, p99 {run.P99Ms} ms, raw p50 {run.RawP50Ms} ms, working set {run.MemoryMb} MB, agree {run.ResultsAgreeWithRaw}");
            return run;
        }
        finally
        {
            GC.Collect();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder; harmless.
            }
        }
    }

    // Scalar squared distances, per-subject minimum, then the k smallest by repeated selection: no SIMD, no threads.
    private static List<Guid> NaiveSearch(float[] flat, int dimension, int subjects, float[] query)
    {
        var bestDistance = new float[subjects];
        var bestRow = new int[subjects];
        Array.Fill(bestDistance, float.PositiveInfinity);
        var rows = flat.Length / dimension;
        for (var row = 0; row < rows; row++)
        {
            var sum = 0f;
            var offset = row * dimension;
            for (var i = 0; i < dimension; i++)
            {
                var d = flat[offset + i] - query[i];
                sum += d * d;
            }

            var subject = row % subjects;
            if (sum < bestDistance[subject])
            {
                bestDistance[subject] = sum;
                bestRow[subject] = row;
            }
        }

        var result = new List<Guid>(K);
        for (var k = 0; k < K; k++)
        {
            var best = -1;
            for (var s = 0; s < subjects; s++)
            {
                if (float.IsFinite(bestDistance[s]) && (best < 0 || bestDistance[s] < bestDistance[best]))
                {
                    best = s;
                }
            }

            if (best < 0)
            {
                break;
            }

            result.Add(RowId(bestRow[best]));
            bestDistance[best] = float.PositiveInfinity;
        }

        return result;
    }

    private static string SubjectOf(int row, int subjects) => "s" + (row % subjects).ToString(CultureInfo.InvariantCulture);

    private static Guid RowId(int row) => new(row + 1, 0, 0, new byte[8]);

    private static float[] RandomVector(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], 3);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
