namespace Siamese.Index.Tests;

/// <summary>
/// What every <see cref="IVectorIndex"/> must do, checked against a brute-force reference. Each implementation
/// gets a subclass that says how to create a fresh, initialised index.
/// </summary>
public abstract class VectorIndexConformanceTests : IAsyncLifetime
{
    protected const int Dimension = 16;

    private readonly List<IVectorIndex> _indexes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var index in _indexes)
        {
            await index.DisposeAsync();
        }

        await DisposeFixtureAsync();
    }

    [Fact]
    public async Task SearchMatchesBruteForceOnRandomData()
    {
        var index = await NewIndexAsync();
        var random = new Random(1234);
        var records = Enumerable.Range(0, 400)
            .Select(i => Record(i % 3 == 0 ? "acme" : "globex", $"s{random.Next(80):D2}", RandomVector(random)))
            .ToList();
        await index.UpsertAsync(records);

        foreach (var tenant in new[] { "acme", "globex" })
        {
            for (var q = 0; q < 12; q++)
            {
                var query = RandomVector(random);
                var reference = BruteForce(records, tenant, query);
                foreach (var k in new[] { 1, 5, 17, 1000 })
                {
                    AssertSameHits(reference.Take(k).ToList(), await index.SearchAsync(tenant, query, k));
                }

                // A bound midway between two reference distances, so float rounding cannot decide membership.
                var cut = (reference[6].Distance + reference[7].Distance) / 2;
                AssertSameHits(reference.Where(h => h.Distance <= cut).Take(10).ToList(), await index.SearchAsync(tenant, query, 10, cut));
                AssertSameHits(reference.Take(3).ToList(), await index.SearchAsync(tenant, query, 3, cut));
            }
        }
    }

    [Fact]
    public async Task SearchReturnsOneHitPerSubjectWithItsNearestExample()
    {
        var index = await NewIndexAsync();
        var far = Record("t", "alice", Vector(10));
        var near = Record("t", "alice", Vector(1));
        var bob = Record("t", "bob", Vector(2));
        await index.UpsertAsync([far, near, bob]);

        var hits = await index.SearchAsync("t", Vector(0), 5);

        Assert.Equal(["alice", "bob"], hits.Select(h => h.SubjectId));
        Assert.Equal(near.Id, hits[0].ExampleId);
        Assert.Equal(1f, hits[0].Distance, 4);
        Assert.Equal("Alice", hits[0].DisplayName);
        Assert.Equal(2f, hits[1].Distance, 4);
    }

    [Fact]
    public async Task TheLatestEnrolmentNamesTheSubjectAndEveryExampleOfIt()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([Record("t", "alice", Vector(1)), Record("t", "alice", Vector(5)), Record("t", "bob", Vector(20))]);
        await index.UpsertAsync([Record("t", "alice", Vector(9)) with { DisplayName = "Alice Old" }, Record("t", "alice", Vector(10)) with { DisplayName = "Alice Smith" }]);
        await index.UpsertAsync([Record("u", "alice", Vector(1)) with { DisplayName = "Other tenant's Alice" }]);

        // Before (Qdrant): each example kept the name it was enrolled with, so a search answered whichever example was
        // nearest ("Alice"), and get and list the first example in id order.
        Assert.Equal(new SubjectInfo("alice", "Alice Smith", 4), await index.GetSubjectAsync("t", "alice"));
        Assert.Equal(["Alice Smith", "Bob"], (await index.ListSubjectsAsync("t", 10)).Subjects.Select(s => s.DisplayName));
        var hits = await index.SearchAsync("t", Vector(1), 5);
        Assert.Equal(["Alice Smith", "Bob"], hits.Select(h => h.DisplayName));
        Assert.Equal(0f, hits[0].Distance, 4);
        Assert.Equal("Other tenant's Alice", (await index.GetSubjectAsync("u", "alice"))?.DisplayName);
    }

    [Fact]
    public async Task SearchNeverSeesAnotherTenantsVectors()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([Record("acme", "alice", Vector(0)), Record("globex", "mallory", Vector(0))]);

        var acme = await index.SearchAsync("acme", Vector(0), 10);
        var initech = await index.SearchAsync("initech", Vector(0), 10);

        Assert.Equal(["alice"], acme.Select(h => h.SubjectId));
        Assert.Empty(initech);
        Assert.Equal(1, await index.CountAsync("globex"));
        Assert.Null(await index.GetSubjectAsync("acme", "mallory"));
        Assert.Equal(0, await index.DeleteSubjectAsync("acme", "mallory"));
        Assert.Equal(1, await index.CountAsync("globex"));
    }

    [Fact]
    public async Task DeleteSubjectRemovesAllItsExamplesAndReturnsTheCount()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([
            Record("t", "alice", Vector(1)), Record("t", "alice", Vector(2)), Record("t", "alice", Vector(3)),
            Record("t", "bob", Vector(4)), Record("u", "alice", Vector(1)),
        ]);

        Assert.Equal(3, await index.DeleteSubjectAsync("t", "alice"));

        Assert.Equal(["bob"], (await index.SearchAsync("t", Vector(1), 10)).Select(h => h.SubjectId));
        Assert.Null(await index.GetSubjectAsync("t", "alice"));
        Assert.Equal(1, await index.CountAsync("t"));
        Assert.Equal(1, await index.CountAsync("u"));
        Assert.Equal(0, await index.DeleteSubjectAsync("t", "alice"));
    }

    [Fact]
    public async Task DeleteTenantRemovesEveryExampleOfItAndNothingOfAnotherTenant()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([
            Record("t", "alice", Vector(1)), Record("t", "alice", Vector(2)), Record("t", "bob", Vector(3)),
            Record("t", "carol", Vector(4)), Record("u", "alice", Vector(1)), Record("tt", "alice", Vector(1)),
        ]);

        Assert.Equal(4, await index.DeleteTenantAsync("t"));

        Assert.Empty(await index.SearchAsync("t", Vector(1), 10));
        Assert.Equal(0, await index.CountAsync("t"));
        Assert.Null(await index.GetSubjectAsync("t", "alice"));
        Assert.Empty((await index.ListSubjectsAsync("t", 10)).Subjects);
        Assert.Equal(["alice"], (await index.SearchAsync("u", Vector(1), 10)).Select(h => h.SubjectId));
        Assert.Equal(1, await index.CountAsync("tt"));
        Assert.Equal(0, await index.DeleteTenantAsync("t"));
        Assert.Equal(0, await index.DeleteTenantAsync("never-enrolled"));

        // The tenant can enrol again afterwards, from nothing.
        Assert.Equal(1, await index.UpsertAsync([Record("t", "dave", Vector(5))]));
        Assert.Equal(["dave"], (await index.SearchAsync("t", Vector(1), 10)).Select(h => h.SubjectId));
        Assert.Equal(1, await index.CountAsync("t"));
    }

    [Fact]
    public async Task CountsExamplesAndUpsertOfTheSameIdReplacesAndIsNotCountedAsNew()
    {
        var index = await NewIndexAsync();
        Assert.Equal(0, await index.CountAsync("t"));
        var first = Record("t", "alice", Vector(1));
        Assert.Equal(2, await index.UpsertAsync([first, Record("t", "bob", Vector(2))]));
        Assert.Equal(0, await index.UpsertAsync([first with { Vector = Vector(5) }]));
        Assert.Equal(1, await index.UpsertAsync([first with { Vector = Vector(5) }, Record("t", "carol", Vector(3))]));

        Assert.Equal(3, await index.CountAsync("t"));
        var hit = Assert.Single(await index.SearchAsync("t", Vector(5), 1));
        Assert.Equal((first.Id, 0f), (hit.ExampleId, hit.Distance));
    }

    [Fact]
    public async Task GetSubjectReturnsItsNameAndExampleCount()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([Record("t", "alice", Vector(1)), Record("t", "alice", Vector(2))]);

        Assert.Equal(new SubjectInfo("alice", "Alice", 2), await index.GetSubjectAsync("t", "alice"));
        Assert.Null(await index.GetSubjectAsync("t", "nobody"));
    }

    [Fact]
    public async Task ListSubjectsPagesInOrdinalOrder()
    {
        var index = await NewIndexAsync();
        string[] ids = ["b10", "B", "a", "b2", "c", "a", "Z", "é"];
        await index.UpsertAsync(ids.Select((id, i) => Record("t", id, Vector(i))).ToList());
        await index.UpsertAsync([Record("other", "aa", Vector(0))]);

        var seen = new List<SubjectInfo>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await index.ListSubjectsAsync("t", 3, token);
            Assert.True(page.Subjects.Count <= 3);
            seen.AddRange(page.Subjects);
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["B", "Z", "a", "b10", "b2", "c", "é"], seen.Select(s => s.SubjectId));
        Assert.Equal(3, pages);
        Assert.Equal(2, seen.Single(s => s.SubjectId == "a").ExampleCount);
        Assert.Empty((await index.ListSubjectsAsync("nobody", 3)).Subjects);
    }

    [Fact]
    public async Task WrongVectorLengthIsRejectedAndNothingIsStored()
    {
        var index = await NewIndexAsync();

        var upsert = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            index.UpsertAsync([Record("t", "alice", Vector(1)), Record("t", "bob", new float[Dimension + 1])]));
        var search = await Assert.ThrowsAnyAsync<ArgumentException>(() => index.SearchAsync("t", new float[3], 1));

        Assert.Contains("dimension 16", upsert.Message, StringComparison.Ordinal);
        Assert.Contains("3 elements", search.Message, StringComparison.Ordinal);
        Assert.Equal(0, await index.CountAsync("t"));
    }

    [Fact]
    public async Task NonFiniteVectorIsRejected()
    {
        var index = await NewIndexAsync();
        var vector = Vector(1);
        vector[3] = float.NaN;

        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => index.UpsertAsync([Record("t", "alice", vector)]));

        Assert.Contains("finite", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.SearchAsync("t", vector, 1));
    }

    [Fact]
    public async Task EmptyTenantOrSubjectIsRejected()
    {
        var index = await NewIndexAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.UpsertAsync([Record("", "alice", Vector(1))]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.UpsertAsync([Record("t", " ", Vector(1))]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.SearchAsync("", Vector(1), 1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.CountAsync(""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.DeleteSubjectAsync("t", ""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.DeleteTenantAsync(""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.ListSubjectsAsync(" ", 10));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.SearchAsync("t", Vector(1), 0));
    }

    [Fact]
    public async Task TenantWithoutExamplesAnswersEmpty()
    {
        var index = await NewIndexAsync();

        Assert.Empty(await index.SearchAsync("empty", Vector(1), 5));
        Assert.Equal(0, await index.CountAsync("empty"));
        Assert.Null(await index.GetSubjectAsync("empty", "alice"));
        var page = await index.ListSubjectsAsync("empty", 5);
        Assert.Empty(page.Subjects);
        Assert.Null(page.NextPageToken);
    }

    /// <summary>A fresh index of <see cref="Dimension"/>, initialised; disposed by the suite.</summary>
    protected abstract Task<IVectorIndex> CreateIndexAsync(VectorSpace space);

    protected virtual Task DisposeFixtureAsync() => Task.CompletedTask;

    protected static VectorRecord Record(string tenant, string subject, float[] vector) =>
        new(Guid.NewGuid(), tenant, subject, char.ToUpperInvariant(subject[0]) + subject[1..], vector);

    /// <summary>A point on the first axis at <paramref name="x"/>: distances between such points are |x1 - x2|.</summary>
    protected static float[] Vector(float x)
    {
        var v = new float[Dimension];
        v[0] = x;
        return v;
    }

    protected static float[] RandomVector(Random random) =>
        Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();

    /// <summary>Per subject its nearest example (double precision), ascending.</summary>
    protected static List<SearchHit> BruteForce(IEnumerable<VectorRecord> records, string tenant, float[] query) =>
        records.Where(r => r.Tenant == tenant)
            .Select(r => (Record: r, Distance: (float)Math.Sqrt(r.Vector.Zip(query, (a, b) => ((double)a - b) * ((double)a - b)).Sum())))
            .GroupBy(x => x.Record.SubjectId)
            .Select(g => g.MinBy(x => x.Distance))
            .OrderBy(x => x.Distance)
            .Select(x => new SearchHit(x.Record.SubjectId, x.Record.DisplayName, x.Record.Id, x.Distance))
            .ToList();

    protected static void AssertSameHits(IReadOnlyList<SearchHit> expected, IReadOnlyList<SearchHit> actual)
    {
        Assert.Equal(expected.Select(h => (h.SubjectId, h.ExampleId)), actual.Select(h => (h.SubjectId, h.ExampleId)));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Distance, actual[i].Distance, 1e-4f);
        }
    }

    private async Task<IVectorIndex> NewIndexAsync()
    {
        var index = await CreateIndexAsync(new VectorSpace("conformance:1", Dimension));
        _indexes.Add(index);
        return index;
    }
}
