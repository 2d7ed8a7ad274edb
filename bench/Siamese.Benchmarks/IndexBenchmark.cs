using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Siamese.Index;

namespace Siamese.Benchmarks;

/// <summary>
/// The embedded index at 100k and 1M gallery-like vectors (several examples per subject, see <see cref="GalleryData"/>)
/// at D=128 and the face model's D: exact search beside a plain read of the same bytes (how near memory bandwidth it
/// is), and approximate (HNSW) search with recall against the exact answers, graph build time, restart time and memory.
/// </summary>
public sealed class IndexBenchmark : IBenchmark
{
    private const string Tenant = "bench";
    private const int K = 5;
    private const int ExamplesPerSubject = 5;
    private const int LoadBatch = 10_000;

    public string Name => "index";

    public IReadOnlyList<string> Options => ["--dimensions", "--sizes", "--configs", "--queries", "--ef"];


    public IReadOnlyList<string> Flags => ["--merge"];


    public string Description => "embedded index exact vs approximate (HNSW) at 100k and 1M gallery-like vectors [--dimensions 128,720] [--sizes 100000,1000000] [--queries 300] [--ef 96,192 (search expansions, one approximate run each)] [--configs 1000000x128,... (vectors x dimension, instead of sizes x dimensions)] [--merge (keep the other configurations' runs of the existing results file, each with the command that measured it)]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var dimensions = ServingArgs.IntList(args, "--dimensions", "128,720");
        var sizes = ServingArgs.IntList(args, "--sizes", "100000,1000000");
        var configs = ServingArgs.Value(args, "--configs") is { Length: > 0 } listed
            ? listed.Split(',').Select(Config).ToList()
            : dimensions.SelectMany(d => sizes.Select(s => (Vectors: s, Dimension: d))).ToList();
        var queries = ServingArgs.Int(args, "--queries", 300);
        var expansions = ServingArgs.IntList(args, "--ef", new EmbeddedIndexOptions().HnswExpansionSearch.ToString(CultureInfo.InvariantCulture));
        var smallest = new EmbeddedIndexOptions().ApproximateMinExamples;
        if (configs.FirstOrDefault(c => c.Vectors < smallest) is { Vectors: > 0 } small)
        {
            // Below that size the index never builds a graph and the approximate run would wait for it forever.
            throw new ArgumentException($"{small.Vectors} vectors is below EmbeddedIndexOptions.ApproximateMinExamples ({smallest}): the index searches such galleries exactly, there is no graph to measure.");
        }

        var command = "dotnet run -c Release --project bench/Siamese.Benchmarks -- index " + string.Join(' ', args);
        var kept = args.Contains("--merge") ? IndexResultsMerge.Read(configs) : IndexResultsMerge.Empty;
        var loadBefore = LoadAverage();
        var runs = new List<IndexRun>();
        foreach (var (size, dimension) in configs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.AddRange(await RunOneAsync(size, dimension, queries, expansions, cancellationToken));

            // Written after each configuration too, so a long run that is stopped keeps what it measured.
            ResultsFile.Write(Name, command, Figures(runs, queries, loadBefore, kept, command));
        }

        return Figures(runs, queries, loadBefore, kept, command);
    }

    private static (int Vectors, int Dimension) Config(string value)
    {
        var parts = value.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var vectors) && vectors > 0
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var dimension) && dimension > 0
                ? (vectors, dimension)
                : throw new ArgumentException($"--configs: '{value}' is not <vectors>x<dimension> (e.g. 100000x128).");
    }

    private static object Figures(List<IndexRun> runs, int queries, string loadBefore, IndexResultsMerge kept, string command)
    {
        var defaults = new EmbeddedIndexOptions();
        return new
        {
            K,
            ExamplesPerSubject,
            Queries = queries,
            Data = GalleryData.Description,
            Hnsw = new
            {
                Library = "USearch 2.26.6 (Cloud.Unum.USearch, native)",
                Connectivity = defaults.HnswConnectivity,
                ExpansionAdd = defaults.HnswExpansionAdd,
                ExpansionSearch = defaults.HnswExpansionSearch,
                Storage = defaults.GraphStorage.ToString(),
                defaults.ApproximateMinExamples,
            },
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = LoadAverage(),
            Notes = "p50_ms/p99_ms: EmbeddedVectorIndex.SearchAsync, one query at a time, k=5 distinct subjects. exact: SIMD scan in parallel " +
                    "chunks over all cores; approximate: one HNSW search on one thread, candidates re-ranked with exact distances. " +
                    "expansion_search: the HNSW ef of that approximate run (one graph, searched at each). recall_at_1: share of probes whose nearest subject equals the exact one; recall_at_5: share of the exact 5 nearest " +
                    "subjects found. build_s: graph build from the loaded vectors (all cores). restart_s: InitializeAsync of the closed " +
                    "index (snapshot read, plus the saved graph for approximate). memory_mb: managed heap grown by that open, plus the " +
                    "graph's native memory. plain_read_ms: summing the same vector bytes on all cores, no search; p50_over_plain_read: " +
                    "exact p50 / that read (1.0 = at memory bandwidth). load_s: upserts of 10k through the log, fsync off. " +
                    "peak_rss_mb: the process's resident high-water mark over that configuration (the generated data, " +
                    "a float copy of every vector for the plain read and the probes' truth included). " +
                    "The machine is shared: load averages are recorded before and after, and per configuration at its start (load_average_at_start). " +
                    "With sources, the file was assembled by --merge from the processes listed there, each with its own command.",
            Runs = kept.Runs.Concat(runs).OrderBy(r => r.Dimension).ThenBy(r => r.Vectors).ToList(),
            Sources = kept.Sources.Count == 0 ? null : kept.Sources.Append(new IndexResultsSource(command, DateTimeOffset.UtcNow.ToString("O"),
                loadBefore, LoadAverage(), string.Join(", ", runs.Select(r => $"{r.Vectors}x{r.Dimension}").Distinct()))).ToList(),
        };
    }

    private static async Task<List<IndexRun>> RunOneAsync(int size, int dimension, int queryCount, int[] expansions, CancellationToken cancellationToken)
    {
        var loadAtStart = LoadAverage();
        ResetPeakRss();
        Console.WriteLine($"index: {size:N0} vectors of dimension {dimension} (load {loadAtStart})");
        var directory = Path.Combine(Path.GetTempPath(), "siamese-index-bench-" + Guid.NewGuid().ToString("N"));
        var space = new VectorSpace("bench:1", dimension);
        var subjects = size / ExamplesPerSubject;
        var data = new GalleryData(subjects, dimension, seed: size + dimension);
        try
        {
            // 1. Load through the log with the graph off; exact search answers every probe (the truth for recall).
            var flat = new float[(long)size * dimension];
            var random = new Random(size);
            for (var row = 0; row < size; row++)
            {
                data.Example(random, row % subjects, flat.AsSpan((int)((long)row * dimension), dimension));
            }

            var probes = Enumerable.Range(0, queryCount).Select(_ =>
            {
                var probe = new float[dimension];
                data.Example(random, random.Next(subjects), probe);
                return probe;
            }).ToList();

            double loadS;
            (List<double> Latencies, List<string[]> Answers) exact;
            await using (var index = await OpenAsync(directory, space, approximate: false, cancellationToken))
            {
                var load = Stopwatch.StartNew();
                for (var start = 0; start < size; start += LoadBatch)
                {
                    var batch = Enumerable.Range(start, Math.Min(LoadBatch, size - start))
                        .Select(row => new VectorRecord(RowId(row), Tenant, SubjectOf(row, subjects), "", flat.AsSpan((int)((long)row * dimension), dimension).ToArray()))
                        .ToList();
                    await index.UpsertAsync(batch, cancellationToken);
                }

                loadS = load.Elapsed.TotalSeconds;
                exact = await SearchAllAsync(index, probes, cancellationToken);
            }

            var plainReadMs = PlainRead(flat);
            flat = null;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

            // 2. Reopen with the graph on: it is built in the background from the vectors, then saved with a snapshot.
            double buildS;
            var approximate = new List<(int Expansion, List<double> Latencies, List<string[]> Answers)>();
            await using (var index = await OpenAsync(directory, space, approximate: true, cancellationToken))
            {
                var build = Stopwatch.StartNew();
                while (index.ApproximateTenants == 0)
                {
                    await Task.Delay(20, cancellationToken);
                }

                buildS = build.Elapsed.TotalSeconds;
                await index.WhenGraphsReadyAsync();
                foreach (var expansion in expansions)
                {
                    index.SetSearchExpansion(expansion);
                    var (latencies, answers) = await SearchAllAsync(index, probes, cancellationToken);
                    approximate.Add((expansion, latencies, answers));
                }
            }

            // 3. Restart each way from the closed folder (snapshot, and the saved graph).
            var (exactRestartS, exactMemoryMb, _) = await RestartAsync(directory, space, approximate: false, cancellationToken);
            var (approximateRestartS, approximateMemoryMb, graphLoaded) = await RestartAsync(directory, space, approximate: true, cancellationToken);
            if (!graphLoaded)
            {
                Console.WriteLine("  warning: the saved graph was not loaded on restart");
            }

            var peakRssMb = PeakRssMb();
            var runs = new List<IndexRun>
            {
                new(size, dimension, "exact", Percentile(exact.Latencies, 50), Percentile(exact.Latencies, 99), 1, 1,
                    0, exactRestartS, exactMemoryMb, subjects, Math.Round(loadS, 2), plainReadMs, Math.Round(Percentile(exact.Latencies, 50) / plainReadMs, 2), null, loadAtStart, peakRssMb),
            };
            runs.AddRange(approximate.Select(a => new IndexRun(size, dimension, "approximate", Percentile(a.Latencies, 50), Percentile(a.Latencies, 99),
                Recall(exact.Answers, a.Answers, 1), Recall(exact.Answers, a.Answers, K), Math.Round(buildS, 2),
                approximateRestartS, approximateMemoryMb, subjects, Math.Round(loadS, 2), null, null, a.Expansion, loadAtStart, peakRssMb)));
            foreach (var run in runs)
            {
                Console.WriteLine($"  {run.Mode} (ef {run.ExpansionSearch}): p50 {run.P50Ms} ms, p99 {run.P99Ms} ms, recall@1 {run.RecallAt1}, recall@5 {run.RecallAt5}, " +
                                  $"build {run.BuildS} s, restart {run.RestartS} s, memory {run.MemoryMb} MB, plain read {run.PlainReadMs} ms, peak RSS {run.PeakRssMb} MB");
            }

            return runs;
        }
        finally
        {
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

    private static async Task<EmbeddedVectorIndex> OpenAsync(string directory, VectorSpace space, bool approximate, CancellationToken cancellationToken)
    {
        var options = new EmbeddedIndexOptions { DataDirectory = directory, Fsync = false, CompactAfterBytes = long.MaxValue, ApproximateSearch = approximate };
        var index = new EmbeddedVectorIndex(options, space);
        await index.InitializeAsync(cancellationToken);
        return index;
    }

    private static async Task<(double Seconds, double MemoryMb, bool GraphLoaded)> RestartAsync(
        string directory, VectorSpace space, bool approximate, CancellationToken cancellationToken)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        await using var index = await OpenAsync(directory, space, approximate, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        var loaded = index.ApproximateTenants > 0;
        var managed = GC.GetTotalMemory(forceFullCollection: true) - before;
        return (Math.Round(seconds, 2), Math.Round((managed + index.GraphMemoryBytes) / 1048576.0, 1), loaded);
    }

    private static async Task<(List<double> Latencies, List<string[]> Answers)> SearchAllAsync(
        EmbeddedVectorIndex index, List<float[]> probes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Math.Min(5, probes.Count); i++)
        {
            await index.SearchAsync(Tenant, probes[i], K, cancellationToken: cancellationToken);
        }

        var latencies = new List<double>(probes.Count);
        var answers = new List<string[]>(probes.Count);
        foreach (var probe in probes)
        {
            var watch = Stopwatch.StartNew();
            var hits = await index.SearchAsync(Tenant, probe, K, cancellationToken: cancellationToken);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            answers.Add(hits.Select(h => h.SubjectId).ToArray());
        }

        return (latencies, answers);
    }

    // The same bytes the exact scan reads, summed with the same parallelism and no search: the bandwidth floor.
    private static double PlainRead(float[] flat)
    {
        var workers = Environment.ProcessorCount;
        var chunk = (flat.Length + workers - 1) / workers;
        var times = new List<double>();
        for (var repeat = 0; repeat < 11; repeat++)
        {
            var sums = new float[workers];
            var watch = Stopwatch.StartNew();
            Parallel.For(0, workers, w =>
            {
                var start = w * chunk;
                sums[w] = TensorPrimitives.Sum<float>(flat.AsSpan(start, Math.Min(chunk, flat.Length - start)));
            });
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Percentile(times, 50);
    }

    private static double Recall(List<string[]> truth, List<string[]> found, int k)
    {
        var hits = 0;
        var wanted = 0;
        for (var q = 0; q < truth.Count; q++)
        {
            var expected = truth[q].Take(k).ToHashSet(StringComparer.Ordinal);
            wanted += expected.Count;
            hits += found[q].Take(k).Count(expected.Contains);
        }

        return wanted == 0 ? 1 : Math.Round((double)hits / wanted, 4);
    }

    // The process's resident high-water mark (VmHWM), reset at the start of each configuration (Linux: clear_refs 5).
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the figure is then the peak since the process started.
        }
    }

    private static double? PeakRssMb() => ProcessMemory.HighWaterKib("/proc/self/status") is { } kib ? Math.Round(kib / 1024.0, 1) : null;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string SubjectOf(int row, int subjects) => "s" + (row % subjects).ToString(CultureInfo.InvariantCulture);

    private static Guid RowId(int row) => new(row + 1, 0, 0, new byte[8]);

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], 3);
    }

}
