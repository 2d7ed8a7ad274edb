namespace Siamese.Index.Tests;

/// <summary>What only the embedded index promises: durability across reopen, torn-tail recovery, compaction, parallel search.</summary>
public sealed class EmbeddedVectorIndexTests : IDisposable
{
    private static readonly VectorSpace Space = new("Tower:1.0", 8);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task ReopenedIndexHoldsEveryAcknowledgedWrite()
    {
        var records = Enumerable.Range(0, 20).Select(i => Record($"s{i % 5}", i)).ToList();
        await using (var index = await OpenAsync())
        {
            await index.UpsertAsync(records[..10]);
            await index.UpsertAsync(records[10..]);
            Assert.Equal(4, await index.DeleteSubjectAsync("t", "s3"));
        }

        await using var reopened = await OpenAsync();

        Assert.Equal(16, await reopened.CountAsync("t"));
        Assert.Null(await reopened.GetSubjectAsync("t", "s3"));
        var hit = Assert.Single(await reopened.SearchAsync("t", records[7].Vector, 1));
        Assert.Equal((records[7].Id, 0f), (hit.ExampleId, hit.Distance));
    }

    [Theory]
    [InlineData(false)] // replayed from the log
    [InlineData(true)] // compacted: the snapshot no longer holds its vectors
    public async Task ADeletedTenantStaysDeletedAfterReopenAndOnlyItsVectorsLeaveTheFiles(bool compact)
    {
        var marked = Record("alice", 1) with { Tenant = "gone", Vector = [12345.678f, 0, 0, 0, 0, 0, 0, 0] };
        await using (var index = await OpenAsync())
        {
            await index.UpsertAsync([marked, Record("bob", 2) with { Tenant = "gone" }, Record("carol", 3)]);
            Assert.Equal(2, await index.DeleteTenantAsync("gone"));
            if (compact)
            {
                await index.CompactAsync();
            }
        }

        Assert.Equal(!compact, HoldsMarker());
        await using var reopened = await OpenAsync();
        Assert.Equal(0, await reopened.CountAsync("gone"));
        Assert.Empty(await reopened.SearchAsync("gone", marked.Vector, 5));
        Assert.Equal(["carol"], (await reopened.ListSubjectsAsync("t", 10)).Subjects.Select(s => s.SubjectId));
    }

    [Fact]
    public async Task ADeletedSubjectsVectorsLeaveTheFilesWithinTheErasureDelay()
    {
        var marked = Record("alice", 1) with { Vector = [12345.678f, 0, 0, 0, 0, 0, 0, 0] };
        await using var index = await OpenAsync(erasureDelay: TimeSpan.FromMilliseconds(300));
        await index.UpsertAsync([marked, Record("bob", 2)]);
        await index.CompactAsync();

        Assert.Equal(1, await index.DeleteSubjectAsync("t", "alice"));

        // The delete is a log record: the vector is in the snapshot until the scheduled compaction.
        Assert.True(HoldsMarker());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (HoldsMarker() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(HoldsMarker());
        Assert.Equal(["bob"], (await index.ListSubjectsAsync("t", 10)).Subjects.Select(s => s.SubjectId));
    }

    [Fact]
    public async Task WithNoErasureDelayADeletedSubjectsVectorsAreOutOfTheFilesWhenTheDeleteReturns()
    {
        var marked = Record("alice", 1) with { Vector = [12345.678f, 0, 0, 0, 0, 0, 0, 0] };
        await using var index = await OpenAsync(erasureDelay: TimeSpan.Zero);
        await index.UpsertAsync([marked, Record("bob", 2)]);
        await index.CompactAsync();
        Assert.True(HoldsMarker());

        Assert.Equal(1, await index.DeleteSubjectAsync("t", "alice"));

        Assert.False(HoldsMarker());
    }

    [Fact]
    public async Task AnErasureStillWaitingDoesNotHoldUpClosingAndTheNextOpenErases()
    {
        var marked = Record("alice", 1) with { Vector = [12345.678f, 0, 0, 0, 0, 0, 0, 0] };
        var index = await OpenAsync();
        await index.UpsertAsync([marked, Record("bob", 2)]);
        await index.CompactAsync();
        Assert.Equal(1, await index.DeleteSubjectAsync("t", "alice"));

        // The default delay is ten minutes; closing cancels the wait.
        await index.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(HoldsMarker());
        await (await OpenAsync()).DisposeAsync();

        Assert.False(HoldsMarker());
    }

    [Fact]
    public async Task DeletesFillTheFreedRowsAndEverySurvivorIsFoundAtItsOwnVectorBeforeAndAfterReopen()
    {
        // A delete moves the arena's last rows into the rows it frees: the subjects' examples end up interleaved.
        var random = new Random(5);
        var records = Enumerable.Range(0, 300).Select(i => Record($"s{i % 100:D3}", i) with { Vector = [.. Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() * 100)] }).ToList();
        var deleted = Enumerable.Range(0, 100).OrderBy(_ => random.Next()).Take(40).Select(i => $"s{i:D3}").ToHashSet();
        await using (var index = await OpenAsync())
        {
            await index.UpsertAsync(records);
            foreach (var subject in deleted)
            {
                Assert.Equal(3, await index.DeleteSubjectAsync("t", subject));
            }

            await AssertSurvivorsAsync(index);
        }

        await using var reopened = await OpenAsync();
        await AssertSurvivorsAsync(reopened);

        async Task AssertSurvivorsAsync(EmbeddedVectorIndex index)
        {
            Assert.Equal(180, await index.CountAsync("t"));
            foreach (var survivor in records.Where(r => !deleted.Contains(r.SubjectId)))
            {
                var hit = (await index.SearchAsync("t", survivor.Vector, 1))[0];
                Assert.Equal((survivor.Id, survivor.SubjectId, 0f), (hit.ExampleId, hit.SubjectId, hit.Distance));
            }
        }
    }

    [Fact]
    public async Task TornLastRecordIsCutOffAndEarlierRecordsSurvive()
    {
        await using (var index = await OpenAsync())
        {
            await index.UpsertAsync([Record("alice", 1)]);
            await index.UpsertAsync([Record("bob", 2)]);
            await index.UpsertAsync([Record("carol", 3)]);
        }

        var log = Path.Combine(DataDirectory, Space.SafeName, "index.wal");
        var length = new FileInfo(log).Length;
        using (var file = new FileStream(log, FileMode.Open))
        {
            file.SetLength(length - 5);
        }

        await using (var reopened = await OpenAsync())
        {
            Assert.Equal(2, await reopened.CountAsync("t"));
            Assert.NotNull(await reopened.GetSubjectAsync("t", "bob"));
            Assert.Null(await reopened.GetSubjectAsync("t", "carol"));
            await reopened.UpsertAsync([Record("dave", 4)]);
        }

        await using var again = await OpenAsync();
        Assert.Equal(["alice", "bob", "dave"], (await again.ListSubjectsAsync("t", 10)).Subjects.Select(s => s.SubjectId));
    }

    [Fact]
    public async Task GarbageAfterTheLastRecordIsIgnored()
    {
        await using (var index = await OpenAsync())
        {
            await index.UpsertAsync([Record("alice", 1)]);
        }

        var log = Path.Combine(DataDirectory, Space.SafeName, "index.wal");
        await File.AppendAllTextAsync(log, "\u0001\u0002garbage that is not a record");

        await using var reopened = await OpenAsync();
        Assert.Equal(1, await reopened.CountAsync("t"));
    }

    [Fact]
    public async Task LogIsFoldedIntoSnapshotAndNothingIsLost()
    {
        var records = Enumerable.Range(0, 300).Select(i => Record($"s{i % 30}", i)).ToList();
        await using (var index = await OpenAsync(compactAfterBytes: 4096))
        {
            foreach (var chunk in records.Chunk(10))
            {
                await index.UpsertAsync(chunk);
            }

            await index.DeleteSubjectAsync("t", "s0");
        }

        var directory = Path.Combine(DataDirectory, Space.SafeName);
        Assert.True(File.Exists(Path.Combine(directory, "index.snapshot")));
        Assert.True(new FileInfo(Path.Combine(directory, "index.wal")).Length < 300 * 8 * 4);

        await using var reopened = await OpenAsync();
        Assert.Equal(290, await reopened.CountAsync("t"));
        Assert.Equal(29, (await reopened.ListSubjectsAsync("t", 100)).Subjects.Count);
    }

    [Fact]
    public async Task DamagedSnapshotFailsToOpenWithAClearError()
    {
        await using (var index = await OpenAsync())
        {
            await index.UpsertAsync([Record("alice", 1), Record("bob", 2)]);
        }

        // The second open folds the log into the snapshot; then one byte of it rots.
        await (await OpenAsync()).DisposeAsync();
        var snapshot = Path.Combine(DataDirectory, Space.SafeName, "index.snapshot");
        var bytes = await File.ReadAllBytesAsync(snapshot);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(snapshot, bytes);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => OpenAsync());
        Assert.Contains("damaged", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADataDirectoryWhereNoFolderCanBeMadeFailsNamingTheSettingAndTheFolder()
    {
        // /proc takes no new folder, even for root.
        await using var index = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = "/proc/siamese-index" }, Space);

        // Before: "Could not find file '/proc/siamese-index'" alone.
        var e = await Assert.ThrowsAsync<IOException>(() => index.InitializeAsync());
        Assert.StartsWith($"Match:Embedded:DataDirectory: the index folder '/proc/siamese-index/{Space.SafeName}' cannot be created (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("): name a folder this process may write.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningWithAnotherDimensionFailsNamingBoth()
    {
        await using (var index = await OpenAsync())
        {
            await index.UpsertAsync([Record("alice", 1)]);
        }

        await using var other = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = DataDirectory }, new VectorSpace(Space.ModelId, 4));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => other.InitializeAsync());
        Assert.Contains("dimension 8", e.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoModelsKeepSeparateStores()
    {
        await using var first = await OpenAsync();
        await using var second = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = DataDirectory }, new VectorSpace("Tower:2.0", 8));
        await second.InitializeAsync();

        await first.UpsertAsync([Record("alice", 1)]);

        Assert.Equal(0, await second.CountAsync("t"));
        Assert.NotEqual(first.Directory, second.Directory);
    }

    [Fact]
    public async Task ParallelSearchOverALargeGalleryIsExact()
    {
        var random = new Random(7);
        var space = new VectorSpace("parallel:1", 24);
        var records = Enumerable.Range(0, 6000)
            .Select(i => new VectorRecord(Guid.NewGuid(), "t", $"s{random.Next(1500)}", "x",
                Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble()).ToArray()))
            .ToList();
        await using var index = new EmbeddedVectorIndex(
            new EmbeddedIndexOptions { DataDirectory = DataDirectory, Fsync = false, ParallelSearchMinExamples = 1024 }, space);
        await index.InitializeAsync();
        await index.UpsertAsync(records);

        for (var q = 0; q < 10; q++)
        {
            var query = Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble()).ToArray();
            var expected = records
                .Select(r => (r, d: Math.Sqrt(r.Vector.Zip(query, (a, b) => ((double)a - b) * ((double)a - b)).Sum())))
                .GroupBy(x => x.r.SubjectId).Select(g => g.MinBy(x => x.d)).OrderBy(x => x.d).Take(9)
                .Select(x => x.r.Id);

            var hits = await index.SearchAsync("t", query, 9);

            Assert.Equal(expected, hits.Select(h => h.ExampleId));
        }
    }

    [Fact]
    public async Task ConcurrentWritersAreAllDurable()
    {
        await using (var index = await OpenAsync())
        {
            await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => index.UpsertAsync([Record($"s{i}", i)]))));
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(64, await reopened.CountAsync("t"));
    }

    [Theory]
    [InlineData(4096L)] // folded into the snapshot after the write
    [InlineData(64L * 1024 * 1024)] // replayed from the log
    public async Task NamesOfEveryLengthAndScriptSurviveTheLogAndTheSnapshot(long compactAfterBytes)
    {
        // Record lengths are computed before encoding: multi-byte UTF-8, a lone surrogate (written as U+FFFD) and
        // names whose byte count needs a two- and a three-byte length prefix must all come back as written.
        string[] names = ["", "é", new string('ü', 100), string.Concat(Enumerable.Repeat("食品😀", 2_000)), "broken \uD800 surrogate"];
        var records = names.Select((name, i) => Record($"s{i}", i) with { SubjectId = $"subject-{i}-{name.Length}", DisplayName = name }).ToList();
        await using (var index = await OpenAsync(compactAfterBytes))
        {
            await index.UpsertAsync(records);
        }

        await using var reopened = await OpenAsync();
        for (var i = 0; i < names.Length; i++)
        {
            var subject = await reopened.GetSubjectAsync("t", records[i].SubjectId);
            Assert.Equal(names[i].Replace("\uD800", "\uFFFD", StringComparison.Ordinal), subject?.DisplayName);
        }
    }

    [Fact]
    public async Task UseBeforeInitializeIsAClearError()
    {
        await using var index = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = DataDirectory }, Space);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => index.CountAsync("t"));
        Assert.Contains("InitializeAsync", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private string DataDirectory => _directory.Path;

    // Whether a data file of the model's folder holds the first value of the marked vectors (12345.678).
    private bool HoldsMarker() => IndexFiles.Contain(Path.Combine(DataDirectory, Space.SafeName), BitConverter.GetBytes(12345.678f));

    private async Task<EmbeddedVectorIndex> OpenAsync(long compactAfterBytes = 64L * 1024 * 1024, TimeSpan? erasureDelay = null)
    {
        var options = new EmbeddedIndexOptions { DataDirectory = DataDirectory, CompactAfterBytes = compactAfterBytes };
        options.ErasureDelay = erasureDelay ?? options.ErasureDelay;
        var index = new EmbeddedVectorIndex(options, Space);
        await index.InitializeAsync();
        return index;
    }

    private static VectorRecord Record(string subject, int x)
    {
        var vector = new float[8];
        vector[0] = x;
        return new VectorRecord(Guid.NewGuid(), "t", subject, subject.ToUpperInvariant(), vector);
    }
}
