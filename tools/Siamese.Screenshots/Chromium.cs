using Microsoft.Playwright;

namespace Siamese.Screenshots;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright cannot download its own browsers here, so the executable is
/// named (<c>SIAMESE_CHROMIUM</c>, else <c>/usr/bin/chromium</c>); Playwright gives each launch a fresh profile.
/// </summary>
public static class Chromium
{
    public const string Variable = "SIAMESE_CHROMIUM";

    /// <summary>Flags that let it run headless as root in a container without a GPU, and keep it off the network.</summary>
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    /// <summary>The browser's path, or null when none is installed.</summary>
    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? (File.Exists(path) ? path : null)
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        var path = ExecutablePath ?? throw new InvalidOperationException(
            $"No Chromium found: install Debian's chromium (apt-get install chromium) or set {Variable} to its executable.");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = Flags });
    }
}
