using Siamese.Security.Admin;
using Siamese.ServiceDefaults;

namespace Siamese.Security.Tests;

public sealed class KeyStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string StorePath => Path.Combine(_dir.Path, "keys", "keys.json");

    [Fact]
    public void AMissingStoreIsEmptyAndKnowsNoKey()
    {
        var store = StoreFactory.Open(StorePath);

        Assert.Empty(store.Document.Tenants);
        Assert.Null(store.Find(ApiKeyFormat.Generate().Key));
    }

    [Fact]
    public void ACreatedKeyFindsItsTenantAndIsStoredOnlyAsAHash()
    {
        var store = StoreFactory.Open(StorePath);
        var admin = StoreFactory.Administer(store);
        admin.CreateTenant("acme");

        var (entry, key) = admin.CreateKey("acme", "camera 7");

        Assert.Equal(("acme", entry.Id), store.Find(key));
        var text = File.ReadAllText(StorePath);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(key[(ApiKeyFormat.Prefix.Length + ApiKeyFormat.IdLength + 1)..], text, StringComparison.Ordinal);
        Assert.Contains(entry.Hash, text, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoreWhereNoFileCanBeWrittenIsSaidSoAtOnceNotAsALockHeldForTenSeconds()
    {
        // /proc takes no new file, even for root.
        var store = StoreFactory.Open("/proc/siamese-keys.json");
        var admin = StoreFactory.Administer(store);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var atStart = Assert.Throws<IOException>(store.CheckWritable);
        var atWrite = Assert.Throws<IOException>(() => admin.CreateTenant("acme"));

        // Before: the start passed, and CreateTenant waited 10 s to say "The key store lock … is held by another process".
        Assert.Equal("The key store '/proc/siamese-keys.json' cannot be written: '/proc' takes no new file (the system refused to create a file "
            + "there). A host with the admin key writes the store (Security:KeyStorePath): give it a folder it may write.", atStart.Message);
        Assert.StartsWith("The key store '/proc/siamese-keys.json' cannot be written: '/proc/siamese-keys.json.lock' takes no new file (", atWrite.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void AnotherHostSeesANewKeyAndARevocationAfterReloading()
    {
        var writer = StoreFactory.Open(StorePath);
        var reader = StoreFactory.Open(StorePath);
        var admin = StoreFactory.Administer(writer);
        Assert.Empty(reader.Document.Tenants);
        admin.CreateTenant("acme");
        Assert.Empty(reader.Document.Tenants);

        var (entry, key) = admin.CreateKey("acme", null);
        reader.ReloadIfChanged();
        Assert.Equal("acme", reader.Find(key)?.Tenant);

        admin.RevokeKey("acme", entry.Id);
        reader.ReloadIfChanged();
        Assert.Null(reader.Find(key));
        Assert.Null(writer.Find(key));
    }

    [Fact]
    public void AnotherHostAcceptsAKeyCreatedAMomentAgoWithoutWaitingForItsReload()
    {
        var writer = StoreFactory.Open(StorePath);
        var reader = StoreFactory.Open(StorePath);
        var admin = StoreFactory.Administer(writer);
        admin.CreateTenant("acme");
        Assert.Null(reader.Find(ApiKeyFormat.Generate().Key));

        var (entry, key) = admin.CreateKey("acme", "camera 7");

        // No ReloadIfChanged in between: the periodic reload has not run yet (ingest answered 401 to a new camera's first frames).
        Assert.Equal(("acme", entry.Id), reader.Find(key));
    }

    [Fact]
    public async Task DeletingATenantRevokesEveryKeyOfItAndErasesItsData()
    {
        var store = StoreFactory.Open(StorePath);
        var data = new RecordingTenantData();
        var admin = StoreFactory.Administer(store, data);
        admin.CreateTenant("acme");
        var keys = Enumerable.Range(0, 3).Select(_ => admin.CreateKey("acme", null).Key).ToList();

        var deleted = await admin.DeleteTenantAsync("acme");

        Assert.Equal(3, deleted.RevokedKeys);
        Assert.Equal(new ErasedTenantData(2, 5), deleted.Erased);
        Assert.Equal(["acme", "acme"], data.Erased);
        Assert.All(keys, k => Assert.Null(store.Find(k)));
        Assert.Throws<ResourceNotFoundException>(() => admin.ListKeys("acme"));
    }

    [Fact]
    public async Task WhenErasingATenantsDataFailsTheTenantAndItsKeysStay()
    {
        var store = StoreFactory.Open(StorePath);
        var admin = StoreFactory.Administer(store, new RecordingTenantData { Fails = true });
        admin.CreateTenant("acme");
        var key = admin.CreateKey("acme", null).Key;

        await Assert.ThrowsAsync<IOException>(() => admin.DeleteTenantAsync("acme"));

        Assert.Equal("acme", store.Find(key)?.Tenant);
        Assert.Single(admin.ListKeys("acme"));
    }

    [Fact]
    public async Task DeletingATenantThatDoesNotExistErasesNothing()
    {
        var data = new RecordingTenantData();
        var admin = StoreFactory.Administer(StoreFactory.Open(StorePath), data);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => admin.DeleteTenantAsync("nobody"));

        Assert.Empty(data.Erased);
    }

    [Fact]
    public async Task InOpenModeATenantOnlyRequestsNamedHasItsDataErased()
    {
        // Open mode acts for whatever tenant a request names ('default' above all) without it being in the key store:
        // deleting it answered "There is no tenant 'default'", and its subjects could only go one by one.
        var store = StoreFactory.Open(StorePath);
        var data = new RecordingTenantData();
        var admin = StoreFactory.AdministerOpen(store, data);
        admin.CreateTenant("acme");
        var key = admin.CreateKey("acme", null).Key;

        var deleted = await admin.DeleteTenantAsync("default");

        Assert.Equal(new DeletedTenant(0, new ErasedTenantData(2, 5)), deleted);
        Assert.Equal(["default"], data.Erased);
        Assert.Equal("acme", store.Find(key)?.Tenant);

        // A tenant the store holds is deleted as with API keys: its keys go too.
        Assert.Equal(1, (await admin.DeleteTenantAsync("acme")).RevokedKeys);
        Assert.Null(store.Find(key));
    }

    /// <summary>A host's data: the first pass finds two subjects (five examples), the second nothing.</summary>
    private sealed class RecordingTenantData : ITenantData
    {
        public List<string> Erased { get; } = [];

        public bool Fails { get; init; }

        public Task<ErasedTenantData> EraseAsync(string tenant, CancellationToken cancellationToken)
        {
            if (Fails)
            {
                throw new IOException("the index is not reachable");
            }

            Erased.Add(tenant);
            return Task.FromResult(Erased.Count == 1 ? new ErasedTenantData(2, 5) : default);
        }
    }

    [Fact]
    public void TwoWritersAtOnceLoseNoChange()
    {
        var first = StoreFactory.Administer(StoreFactory.Open(StorePath));
        var second = StoreFactory.Administer(StoreFactory.Open(StorePath));

        Parallel.For(0, 40, i => (i % 2 == 0 ? first : second).CreateTenant($"tenant-{i}"));

        var reread = StoreFactory.Open(StorePath);
        Assert.Equal(40, reread.Document.Tenants.Count);
    }

    [Fact]
    public void AnUnreadableStoreFailsNamingTheFileAndAReloadKeepsTheLastGoodCopy()
    {
        var store = StoreFactory.Open(StorePath);
        var admin = StoreFactory.Administer(store);
        admin.CreateTenant("acme");
        var (_, key) = admin.CreateKey("acme", null);

        File.WriteAllText(StorePath, "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => StoreFactory.Open(StorePath).Find(key));
        Assert.Contains(StorePath, error.Message, StringComparison.Ordinal);
        Assert.False(store.ReloadIfChanged());
        Assert.Equal("acme", store.Find(key)?.Tenant);
    }

    [Fact]
    public void TenantNamesFollowTheSharedRules()
    {
        var admin = StoreFactory.Administer(StoreFactory.Open(StorePath));

        Assert.Throws<ArgumentException>(() => admin.CreateTenant("../../etc"));
        Assert.Throws<ArgumentException>(() => admin.CreateTenant(new string('a', 30_000)));
        Assert.Throws<ArgumentException>(() => admin.CreateTenant(""));
        admin.CreateTenant("acme");
        Assert.Throws<AlreadyExistsException>(() => admin.CreateTenant("acme"));
        Assert.Throws<ArgumentException>(() => admin.CreateKey("acme", new string('k', 257)));
        Assert.Throws<ResourceNotFoundException>(() => admin.CreateKey("nobody", null));
        Assert.Throws<ResourceNotFoundException>(() => admin.RevokeKey("acme", "abcdefghijkl"));
    }

    public void Dispose() => _dir.Dispose();
}
