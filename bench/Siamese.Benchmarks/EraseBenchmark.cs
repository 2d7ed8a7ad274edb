using System.Diagnostics;
using Siamese.Index;

namespace Siamese.Benchmarks;

/// <summary>
/// Erasing a tenant from the embedded index (the admin API's tenant deletion), as it is done now — one
/// <see cref="IVectorIndex.DeleteTenantAsync"/> — beside how it was done before: its subjects listed, then deleted one
/// by one. Both then compact, as the erasure does, so the vectors leave the files. Each run has a second tenant of the
/// same size beside the erased one (it must stay whole), and the index is durable as served (fsync on).
/// </summary>
public sealed class EraseBenchmark : IBenchmark
{
    private const string Erased = "erased";
    private const string Neighbour = "neighbour";
    private const int LoadBatch = 10_000;

    public string Name => "erase";

    public string Description => "embedded index: deleting a tenant in one write vs subject by subject (as before) [--subjects 1000,4000,20000 (subjects of the erased tenant)] [--examples 2 (per subject)] [--dimension 128] [--single-rows 200000 (a tenant of this many examples, with its graph, where 20 subjects are deleted one at a time beside searches of it, then compacted, and the index restarted with the graph saved and without it)] [--mass-rows 100000 (a tenant of this many examples where a third of the subjects are deleted: searches through the graph with its dead entries, then through the fresh one)]";

    public IReadOnlyList<string> Options => ["--subjects", "--examples", "--dimension", "--single-rows", "--mass-rows"];

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var subjects = ServingArgs.IntList(args, "--subjects", "1000,4000,20000");
        var examples = ServingArgs.Int(args, "--examples", 2);
        var dimension = ServingArgs.Int(args, "--dimension", 128);
        var massRows = ServingArgs.Int(args, "--mass-rows", 100_000);
        CheckMassRows(massRows, examples);
        var command = "dotnet run -c Release --project bench/Siamese.Benchmarks -- erase " + string.Join(' ', args);
        var runs = new List<object>();
        foreach (var count in subjects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bySubject = await TimeAsync(count, examples, dimension, BySubjectAsync, cancellationToken);
            var whole = await TimeAsync(count, examples, dimension, (index, ct) => index.DeleteTenantAsync(Erased, ct), cancellationToken);
            Console.WriteLine($"{count} subjects x {examples}: subject by subject {bySubject.Seconds:F2} s, one tenant delete {whole.Seconds:F3} s");
            runs.Add(new
            {
                Subjects = count,
                ExamplesPerSubject = examples,
                Dimension = dimension,
                ErasedExamples = whole.Erased,
                NeighbourExamples = whole.NeighbourLeft,
                TenantsWithAGraph = whole.Graphs,
                SubjectBySubjectSeconds = Math.Round(bySubject.Seconds, 3),
                TenantDeleteSeconds = Math.Round(whole.Seconds, 4),
                Speedup = Math.Round(bySubject.Seconds / whole.Seconds, 1),
            });
            ResultsFile.Write(Name, command, Figures(runs));
        }


        var single = await SingleDeletesAsync(ServingArgs.Int(args, "--single-rows", 200_000), examples, dimension, cancellationToken);
        Console.WriteLine($"one subject in a tenant of {single.Rows} examples: delete {single.DeleteMs:F2} ms, search {single.SearchMs:F2} ms; "
            + $"compaction {single.CompactionSeconds:F2} s; restart: graph loaded, approximate after {single.GraphLoaded.SecondsUntilApproximate:F2} s "
            + $"({single.GraphLoaded.SelfFound}/{single.GraphLoaded.Queries} found), graph rebuilt after {single.GraphRebuilt.SecondsUntilApproximate:F2} s "
            + $"({single.GraphRebuilt.SelfFound}/{single.GraphRebuilt.Queries} found)");
        ResultsFile.Write(Name, command, Figures(runs, single));
        var mass = await MassDeletesAsync(massRows, examples, dimension, cancellationToken);
        Console.WriteLine($"{mass.DeletedSubjects} of {mass.Subjects} subjects deleted: through the graph with its dead entries {mass.Before.SelfFound}/{mass.Before.Queries} found, "
            + $"search p50 {mass.Before.SearchP50Ms:F2} ms; fresh graph in place {mass.SecondsUntilFresh:F1} s after the compaction: "
            + $"{mass.After.SelfFound}/{mass.After.Queries} found, p50 {mass.After.SearchP50Ms:F2} ms");
        ResultsFile.Write(Name, command, Figures(runs, single, mass));
        return Figures(runs, single, mass);
    }

    private static object Figures(List<object> runs, SingleDeletes? single = null, MassDeletes? mass = null) => new
    {
        SingleDeletes = single,
        MassDeletes = mass,
        What = "seconds to erase one tenant of the embedded index (fsync on) and compact it, beside a second tenant of the same size; "
            + "subject_by_subject = list its subjects, DeleteSubjectAsync each (the erasure before), tenant_delete = DeleteTenantAsync (now)",
        Runs = runs,
    };

    // The erasure before: every subject listed, then one durable delete each.
    private static async Task<long> BySubjectAsync(EmbeddedVectorIndex index, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await index.ListSubjectsAsync(Erased, 100_000, token, cancellationToken);
            ids.AddRange(page.Subjects.Select(s => s.SubjectId));
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        long removed = 0;
        foreach (var id in ids)
        {
            removed += await index.DeleteSubjectAsync(Erased, id, cancellationToken);
        }

        return removed;
    }

    /// <summary>
    /// One subject's delete in a large tenant with its graph (mean of the deletes) beside one search of that tenant
    /// (median); then the compaction that follows the deletes, and a restart: the graph saved by that compaction
    /// loaded, beside the same restart with the graph file taken away (it is built from the vectors, as every restart
    /// after a delete did before the graph's free slots were overwritten and saved).
    /// </summary>
    private sealed record SingleDeletes(
        int Rows, int Deletes, bool Graph, double DeleteMs, double SearchMs, double CompactionSeconds, Restart GraphLoaded, Restart GraphRebuilt, string What);

    /// <summary>Seconds from the open until searches go through a graph, and how many of 200 survivors the first search by their own vector found.</summary>
    private sealed record Restart(double OpenSeconds, double SecondsUntilApproximate, int SelfFound, int Queries);

    private static async Task<SingleDeletes> SingleDeletesAsync(int rows, int examples, int dimension, CancellationToken cancellationToken)
    {
        const int Deletes = 20;
        var directory = Directory.CreateTempSubdirectory("siamese-erase-");
        try
        {
            var space = new VectorSpace("erase:1", dimension);
            var options = new EmbeddedIndexOptions { DataDirectory = directory.FullName };
            var random = new Random(11);
            var subjects = rows / examples;
            var records = Records(Erased, subjects, examples, random, dimension).ToList();
            var deleted = Enumerable.Range(0, Deletes).Select(d => $"subject-{d * (subjects / Deletes):D7}").ToHashSet(StringComparer.Ordinal);
            var survivors = records.Where(r => !deleted.Contains(r.SubjectId)).ToList();
            var searches = new List<double>();
            TimeSpan deleting, compaction;
            bool graph;
            await using (var index = new EmbeddedVectorIndex(options, space))
            {
                await index.InitializeAsync(cancellationToken);
                await UpsertAllAsync(index, records, cancellationToken);

                await index.WhenGraphsReadyAsync();
                var deletes = Stopwatch.StartNew();
                var searching = TimeSpan.Zero;
                for (var d = 0; d < Deletes; d++)
                {
                    // Subjects spread over the gallery, the first ones enrolled among them (the delete that moved the most rows before).
                    await index.DeleteSubjectAsync(Erased, $"subject-{d * (subjects / Deletes):D7}", cancellationToken);
                    var search = Stopwatch.StartNew();
                    await index.SearchAsync(Erased, RandomVector(random, dimension), 5, null, cancellationToken);
                    searches.Add(search.Elapsed.TotalMilliseconds);
                    searching += search.Elapsed;
                }

                deleting = deletes.Elapsed - searching;
                graph = index.ApproximateTenants == 1;
                var compact = Stopwatch.StartNew();
                await index.CompactAsync(cancellationToken);
                compaction = compact.Elapsed;
            }

            var loaded = await RestartAsync(options, space, survivors, cancellationToken);
            Directory.Delete(Path.Combine(directory.FullName, space.SafeName, "graphs"), recursive: true);
            var rebuilt = await RestartAsync(options, space, survivors, cancellationToken);
            searches.Sort();
            return new SingleDeletes(subjects * examples, Deletes, graph, Math.Round(deleting.TotalMilliseconds / Deletes, 3), Math.Round(searches[Deletes / 2], 3),
                Math.Round(compaction.TotalSeconds, 3), loaded, rebuilt,
                "mean ms of one subject's delete (fsync included) and median ms of one search (k = 5) of the same tenant, after each delete; "
                + "seconds of the compaction after the deletes (snapshot and graph written, the graph's free slots overwritten first); "
                + "a restart after it with the graph saved by it (graph_loaded) and with its file taken away (graph_rebuilt: built from the vectors, searched exactly meanwhile)");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A third of a tenant's subjects deleted: searches through the graph with the dead entries USearch keeps (what
    /// served until the next open before), then through the fresh graph the compaction starts, and how long that took.
    /// </summary>
    private sealed record MassDeletes(int Rows, int Subjects, int DeletedSubjects, Searches Before, double SecondsUntilFresh, Searches After, string What);

    private sealed record Searches(int SelfFound, int Queries, double SearchP50Ms);

    // A gallery under ApproximateMinExamples is searched exactly and gets no fresh graph: MassDeletesAsync would wait for
    // one forever. Checked before anything runs.
    private static void CheckMassRows(int rows, int examples)
    {
        var minimum = new EmbeddedIndexOptions().ApproximateMinExamples;
        var left = (rows / examples - (rows / examples / 3)) * examples;
        if (left < minimum)
        {
            throw new ArgumentException($"--mass-rows {rows} leaves {left} examples after a third of the subjects are deleted; at least {minimum} keep a graph: use {(long)Math.Ceiling(minimum * 1.5)} or more.");
        }
    }

    private static async Task<MassDeletes> MassDeletesAsync(int rows, int examples, int dimension, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("siamese-erase-");
        try
        {
            await using var index = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = directory.FullName }, new VectorSpace("erase:1", dimension));
            await index.InitializeAsync(cancellationToken);
            var subjects = rows / examples;
            var records = Records(Erased, subjects, examples, new Random(13), dimension).ToList();
            await UpsertAllAsync(index, records, cancellationToken);
            await index.WhenGraphsReadyAsync();

            // Every third subject, so the dead entries are spread over the whole graph.
            var gone = Enumerable.Range(0, subjects / 3).Select(s => $"subject-{s * 3:D7}").ToHashSet(StringComparer.Ordinal);
            foreach (var subject in gone)
            {
                await index.DeleteSubjectAsync(Erased, subject, cancellationToken);
            }

            var deleted = gone.Count;
            var survivors = records.Where(r => !gone.Contains(r.SubjectId)).ToList();
            var before = await SearchSurvivorsAsync(index, survivors, 5, cancellationToken);
            await index.CompactAsync(cancellationToken);
            var watch = Stopwatch.StartNew();
            while (index.GraphFreeSlots(Erased) != 0)
            {
                await Task.Delay(20, cancellationToken);
            }

            var fresh = watch.Elapsed.TotalSeconds;
            var after = await SearchSurvivorsAsync(index, survivors, 5, cancellationToken);
            await index.WhenGraphsReadyAsync();
            return new MassDeletes(subjects * examples, subjects, deleted, before, Math.Round(fresh, 2), after,
                "a third of the subjects deleted one by one; before = searches through the graph with its removed entries (served until the next open before), "
                + "after = through the fresh graph the compaction starts (seconds_until_fresh from the compaction's end); each: how many of 200 survivors "
                + "(the same ones) a search by their own vector finds at distance 0, and the median ms of those searches (k = 5)");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // 200 survivors, the same ones each call, each searched by its own vector (k nearest subjects): found when the first
    // answer is that example at distance 0 (through a graph, a recall, not a promise).
    private static async Task<Searches> SearchSurvivorsAsync(EmbeddedVectorIndex index, List<VectorRecord> survivors, int k, CancellationToken cancellationToken)
    {
        const int Queries = 200;
        var random = new Random(5);
        var found = 0;
        var times = new List<double>();
        for (var q = 0; q < Queries; q++)
        {
            var survivor = survivors[random.Next(survivors.Count)];
            var watch = Stopwatch.StartNew();
            var hits = await index.SearchAsync(Erased, survivor.Vector, k, null, cancellationToken);
            times.Add(watch.Elapsed.TotalMilliseconds);
            found += hits.Count > 0 && hits[0].ExampleId == survivor.Id && hits[0].Distance == 0 ? 1 : 0;
        }

        times.Sort();
        return new Searches(found, Queries, Math.Round(times[Queries / 2], 3));
    }

    private static async Task<Restart> RestartAsync(EmbeddedIndexOptions options, VectorSpace space, List<VectorRecord> survivors, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var index = new EmbeddedVectorIndex(options, space);
        await index.InitializeAsync(cancellationToken);
        var open = watch.Elapsed;
        while (index.ApproximateTenants == 0)
        {
            await Task.Delay(10, cancellationToken);
        }

        var approximate = watch.Elapsed;
        var searches = await SearchSurvivorsAsync(index, survivors, 1, cancellationToken);
        await index.WhenGraphsReadyAsync();
        return new Restart(Math.Round(open.TotalSeconds, 3), Math.Round(approximate.TotalSeconds, 3), searches.SelfFound, searches.Queries);
    }

    private static async Task<(double Seconds, long Erased, long NeighbourLeft, int Graphs)> TimeAsync(
        int subjects, int examples, int dimension, Func<EmbeddedVectorIndex, CancellationToken, Task<long>> erase, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("siamese-erase-");
        try
        {
            await using var index = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = directory.FullName }, new VectorSpace("erase:1", dimension));
            await index.InitializeAsync(cancellationToken);
            var random = new Random(7);
            await LoadAsync(index, Erased, subjects, examples, random, cancellationToken);
            await LoadAsync(index, Neighbour, subjects, examples, random, cancellationToken);

            // As served: a tenant of ApproximateMinExamples (32,768) examples or more has its HNSW graph, saved.
            await index.WhenGraphsReadyAsync();
            await index.CompactAsync(cancellationToken);
            var graphs = index.ApproximateTenants;
            var watch = Stopwatch.StartNew();
            var erased = await erase(index, cancellationToken);
            await index.CompactAsync(cancellationToken);
            var seconds = watch.Elapsed.TotalSeconds;
            if (erased != subjects * examples || await index.CountAsync(Erased, cancellationToken) != 0)
            {
                throw new InvalidOperationException($"the erasure removed {erased} of {subjects * examples} examples.");
            }

            return (seconds, erased, await index.CountAsync(Neighbour, cancellationToken), graphs);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // A tenant of `subjects` × `examples` random vectors, enrolled LoadBatch at a time.
    private static Task LoadAsync(EmbeddedVectorIndex index, string tenant, int subjects, int examples, Random random, CancellationToken cancellationToken) =>
        UpsertAllAsync(index, Records(tenant, subjects, examples, random, index.Dimension), cancellationToken);

    private static async Task UpsertAllAsync(EmbeddedVectorIndex index, IEnumerable<VectorRecord> records, CancellationToken cancellationToken)
    {
        foreach (var batch in records.Chunk(LoadBatch))
        {
            await index.UpsertAsync(batch, cancellationToken);
        }
    }

    private static IEnumerable<VectorRecord> Records(string tenant, int subjects, int examples, Random random, int dimension) =>
        Enumerable.Range(0, subjects * examples).Select(i =>
            new VectorRecord(Guid.NewGuid(), tenant, $"subject-{i / examples:D7}", "", RandomVector(random, dimension)));

    private static float[] RandomVector(Random random, int dimension) => [.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble())];
}
