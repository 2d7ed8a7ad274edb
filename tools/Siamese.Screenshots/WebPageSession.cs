using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Siamese.Match;
using Siamese.Standalone;

namespace Siamese.Screenshots;

/// <summary>
/// The standalone host on loopback ports with a model and an empty index, and a Chromium page on its web page.
/// </summary>
public sealed class WebPageSession : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _data;

    private WebPageSession(WebApplication app, IPlaywright playwright, IBrowser browser, IPage page, string baseUrl, string data)
    {
        _app = app;
        _playwright = playwright;
        _browser = browser;
        Page = page;
        BaseUrl = baseUrl;
        _data = data;
    }

    public IPage Page { get; }

    /// <summary>The page's address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; }

    /// <summary>A folder for this session's files (index, generated photos), removed on dispose.</summary>
    public string DataFolder => _data;

    public static async Task<WebPageSession> StartAsync(string modelPath, int width = 1280, int height = 900)
    {
        var data = Directory.CreateTempSubdirectory("siamese-web-").FullName;
        var (grpc, http) = (FreePort(), FreePort());
        var app = StandaloneHost.Build(
        [
            $"--Embed:ModelPath={modelPath}",
            $"--Match:Embedded:DataDirectory={Path.Combine(data, "index")}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpc}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{http}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        IPlaywright? playwright = null;
        try
        {
            await app.StartAsync();
            await app.Services.GetRequiredService<MatchState>().WhenReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));
            playwright = await Playwright.CreateAsync();
            var browser = await Chromium.LaunchAsync(playwright);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            var baseUrl = $"http://127.0.0.1:{http}";
            return new WebPageSession(app, playwright, browser, page, baseUrl, data);
        }
        catch
        {
            playwright?.Dispose();
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    /// <summary>Opens the page on a tab (identify, enrol, gallery, camera, model) and waits until it has loaded the model.</summary>
    public async Task OpenAsync(string tab = "identify")
    {
        await Page.GotoAsync($"{BaseUrl}/#{tab}");
        await Page.Locator("body[data-ready=true]").WaitForAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is the system's to clean.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
