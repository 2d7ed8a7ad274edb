using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>Looks for changes to the key store every <see cref="SecurityOptions.ReloadInterval"/> (other hosts', the CLI's).</summary>
internal sealed class KeyStoreReloader(KeyStore store, IOptions<SecurityOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Mode == SecurityMode.Open)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ReloadInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            store.ReloadIfChanged();
        }
    }
}
