using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Siamese.Index;

/// <summary>The HNSW graphs of the embedded index: loaded with the snapshot, or built in the background.</summary>
public sealed partial class EmbeddedVectorIndex
{
    // A build that keeps losing to deletes or replacements gives up; the gallery is searched exactly until the next write.
    private const int BuildAttempts = 3;

    /// <summary>Tenants whose searches go through a graph now.</summary>
    internal int ApproximateTenants => _tenants.Values.Count(t => t.HasGraph);

    /// <summary>Bytes held by all graphs.</summary>
    internal long GraphMemoryBytes => _tenants.Values.Sum(t => t.GraphMemoryBytes);

    /// <summary>Tests only: see <see cref="TenantGallery.ForgetGraphKey"/>.</summary>
    internal bool ForgetGraphKey(string tenant, int row) => _tenants.TryGetValue(tenant, out var gallery) && gallery.ForgetGraphKey(row);

    /// <summary>Tests only: the free slots of the tenant's graph (<see cref="HnswGraph.FreeSlots"/>), null without one.</summary>
    internal long? GraphFreeSlots(string tenant) => _tenants.TryGetValue(tenant, out var gallery) ? gallery.GraphFreeSlots : null;

    /// <summary>Tests only: see <see cref="TenantGallery.FillBatchDone"/>.</summary>
    internal void OnFillBatch(string tenant, Action action) => _tenants[tenant].FillBatchDone = action;

    /// <summary>Sets the search expansion (ef) of every graph now open (the benchmark's sweep; options set it at start).</summary>
    internal void SetSearchExpansion(int expansion)
    {
        foreach (var gallery in _tenants.Values)
        {
            gallery.SetSearchExpansion(expansion);
        }
    }

    private int ApproximateMinExamples => _options.ApproximateSearch ? _options.ApproximateMinExamples : int.MaxValue;

    /// <summary>
    /// Completes when no graph is being built (searches of every large gallery are approximate) and the snapshot
    /// that saves the built graphs is written.
    /// </summary>
    internal async Task WhenGraphsReadyAsync()
    {
        await Task.WhenAll(SnapshotBuilds()).ConfigureAwait(false);
        await _compaction.ConfigureAwait(false);
    }

    private Task[] SnapshotBuilds()
    {
        lock (_graphBuilds)
        {
            return [.. _graphBuilds.Values];
        }
    }

    // Caller: InitializeAsync, after the snapshot and before the log, so the replay updates the loaded graphs too.
    private void LoadGraphs(long snapshotSequence)
    {
        foreach (var (tenant, path, rows, freeSlots) in GraphFiles.Read(_directory, snapshotSequence))
        {
            if (!_tenants.TryGetValue(tenant, out var gallery) || gallery.Count != rows || !File.Exists(path))
            {
                continue;
            }

            try
            {
                if (!gallery.AttachGraph(HnswGraph.Load(path, Dimension, _graphSettings, freeSlots)))
                {
                    LogGraphDiscarded(_logger, path, "it does not match the snapshot's rows");
                }
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
            {
                // Never a reason not to open: the vectors are all in the snapshot; searches scan until a graph is built.
                LogGraphDiscarded(_logger, path, e.Message);
            }
        }
    }

    private void MaybeBuildGraph(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var gallery))
        {
            return;
        }

        if (gallery.TakeGraphDropped())
        {
            LogGraphDropped(_logger, tenant);
        }

        if (_open && gallery.NeedsGraph(ApproximateMinExamples))
        {
            StartBuild(tenant, gallery);
        }
    }

    // Caller: Compact, which did not save these graphs (SaveGraph): deletes emptied more than a quarter of each. A fresh
    // one is built beside it, which serves until then; a delete meanwhile makes the build start over, and one that
    // loses to deletes every time waits for the compaction their erasure brings (ErasureDelay).
    private void MaybeRebuildGraphs()
    {
        foreach (var (tenant, gallery) in _tenants)
        {
            if (_open && gallery.NeedsFreshGraph(ApproximateMinExamples))
            {
                StartBuild(tenant, gallery);
            }
        }
    }

    // Caller: Compact, before the graphs are saved. A gallery that deletes took below half the size that gets a graph
    // is searched exactly, and its graph only held memory (and slowed its writes) until the next open. Between half and
    // the size it stays, so that a gallery hovering around the size is not rebuilt at every crossing.
    private void ReleaseSmallGraphs()
    {
        foreach (var (tenant, gallery) in _tenants)
        {
            if (gallery.ReleaseGraphBelow(ApproximateMinExamples / 2))
            {
                LogGraphReleased(_logger, tenant, gallery.Count, ApproximateMinExamples);
            }
        }
    }

    private void StartBuild(string tenant, TenantGallery gallery)
    {
        lock (_graphBuilds)
        {
            if (_closing.IsCancellationRequested || (_graphBuilds.TryGetValue(tenant, out var running) && !running.IsCompleted))
            {
                return;
            }

            _graphBuilds[tenant] = Task.Run(() => BuildGraph(tenant, gallery));
        }
    }

    private void BuildGraph(string tenant, TenantGallery gallery)
    {
        var watch = Stopwatch.StartNew();
        var replacing = gallery.HasGraph;
        try
        {
            for (var attempt = 1; attempt <= BuildAttempts; attempt++)
            {
                if (gallery.Erased || (attempt > 1 && !gallery.NeedsGraph(ApproximateMinExamples) && !gallery.NeedsFreshGraph(ApproximateMinExamples)))
                {
                    // The tenant was deleted meanwhile, or deletes took its gallery below the size (its graph released): nothing to build.
                    return;
                }

                if (gallery.BuildGraph(_graphSettings, Environment.ProcessorCount, _closing.Token))
                {
                    if (replacing)
                    {
                        LogGraphRebuilt(_logger, tenant, gallery.Count, watch.Elapsed.TotalSeconds);
                    }
                    else
                    {
                        LogGraphBuilt(_logger, tenant, gallery.Count, watch.Elapsed.TotalSeconds);
                    }

                    Volatile.Write(ref _graphsUnsaved, true);
                    MaybeCompact();
                    return;
                }
            }

            LogGraphBuildAbandoned(_logger, tenant, BuildAttempts);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closing: the next open loads or builds it again.
        }
        catch (Exception e) when (e is InvalidOperationException or OutOfMemoryException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Exact search keeps answering; the graph is only a speed-up.
            LogGraphBuildFailed(_logger, tenant, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded index graph for tenant {Tenant} released: deletes left {Examples} examples, fewer than half of the {MinExamples} that get a graph; searched exactly")]
    private static partial void LogGraphReleased(ILogger logger, string tenant, long examples, int minExamples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded index graph for tenant {Tenant} built over {Examples} examples in {Seconds:F1} s")]
    private static partial void LogGraphBuilt(ILogger logger, string tenant, long examples, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded index graph for tenant {Tenant} rebuilt over {Examples} examples in {Seconds:F1} s: the one it replaces held more removed entries than a quarter of its rows")]
    private static partial void LogGraphRebuilt(ILogger logger, string tenant, long examples, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded index graph for tenant {Tenant} lost track of a row (a remove or rename found its key missing); dropped, searches exact until it is rebuilt")]
    private static partial void LogGraphDropped(ILogger logger, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded index graph {Path} not used ({Reason}); it is rebuilt from the vectors")]
    private static partial void LogGraphDiscarded(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded index graph for tenant {Tenant} not built: rows changed under {Attempts} attempts; searches stay exact until the next write")]
    private static partial void LogGraphBuildAbandoned(ILogger logger, string tenant, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded index graph for tenant {Tenant} could not be built; searches stay exact")]
    private static partial void LogGraphBuildFailed(ILogger logger, string tenant, Exception exception);
}
