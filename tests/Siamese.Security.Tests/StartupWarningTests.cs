using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Testing;

namespace Siamese.Security.Tests;

/// <summary>
/// A host that no caller can reach (no tenant key in its store, no admin or service key) says so at start, with what to
/// do; a host that someone can call does not.
/// </summary>
public sealed class StartupWarningTests : IDisposable
{
    private const string Warning = "No caller can be admitted yet";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_store_without_keys_and_a_host_without_admin_or_service_key_is_warned_about_with_what_to_do()
    {
        var warnings = await StartAsync(new SecurityOptions());

        var warning = Assert.Single(warnings, w => w.Contains(Warning, StringComparison.Ordinal));
        Assert.Contains(Path.Combine(_dir.Path, "keys.json"), warning, StringComparison.Ordinal);
        Assert.Contains("serve --open", warning, StringComparison.Ordinal);
        Assert.Contains("--admin-key-file", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_key_a_service_key_or_a_tenant_key_in_the_store_each_admit_a_caller_so_no_warning()
    {
        Assert.DoesNotContain(await StartAsync(new SecurityOptions { AdminKey = SecuredHost.AdminKey }), w => w.Contains(Warning, StringComparison.Ordinal));
        Assert.DoesNotContain(await StartAsync(new SecurityOptions { ServiceKey = SecuredHost.ServiceKey }), w => w.Contains(Warning, StringComparison.Ordinal));

        var store = StoreFactory.Open(Path.Combine(_dir.Path, "keys.json"));
        var administration = StoreFactory.Administer(store);
        administration.CreateTenant("shop1");
        administration.CreateKey("shop1", "door");
        Assert.DoesNotContain(await StartAsync(new SecurityOptions()), w => w.Contains(Warning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_mode_checks_no_key_so_it_gets_its_own_warning_only()
    {
        var warnings = await StartAsync(new SecurityOptions { Mode = SecurityMode.Open });

        Assert.DoesNotContain(warnings, w => w.Contains(Warning, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Security is OPEN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_with_the_admin_key_fails_its_start_on_a_store_it_cannot_write_and_one_without_starts()
    {
        // /proc takes no new file, even for root. Before: the start passed, and the first tenant created waited 10 s for a
        // lock "held by another process".
        var writer = Options.Create(new SecurityOptions { KeyStorePath = "/proc/siamese-keys.json", AdminKey = "admin-key-for-tests-0123456789" });
        var reader = Options.Create(new SecurityOptions { KeyStorePath = "/proc/siamese-keys.json", ServiceKey = "service-key-for-tests-0123456789" });

        var e = await Assert.ThrowsAsync<IOException>(() =>
            new SecurityStartup(new KeyStore(writer, new ListLogger<KeyStore>()), new DeploymentKeys(writer), writer, new ListLogger()).StartAsync(CancellationToken.None));
        await new SecurityStartup(new KeyStore(reader, new ListLogger<KeyStore>()), new DeploymentKeys(reader), reader, new ListLogger()).StartAsync(CancellationToken.None);

        Assert.StartsWith("The key store '/proc/siamese-keys.json' cannot be written: '/proc' takes no new file", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<IReadOnlyCollection<string>> StartAsync(SecurityOptions settings)
    {
        settings.KeyStorePath = Path.Combine(_dir.Path, "keys.json");
        var options = Options.Create(settings);
        var logger = new ListLogger();
        var startup = new SecurityStartup(new KeyStore(options, new ListLogger<KeyStore>()), new DeploymentKeys(options), options, logger);
        await startup.StartAsync(CancellationToken.None);
        return logger.Warnings;
    }

    private sealed class ListLogger : ListLogger<SecurityStartup>;

    private class ListLogger<T> : ILogger<T>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
