using Microsoft.Playwright;

namespace Siamese.Screenshots;

/// <summary>The standalone host (<see cref="StandaloneServer"/>) and a headless Chromium page on its web page.</summary>
public sealed class WebPageSession : IAsyncDisposable
{
    private readonly StandaloneServer _server;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private WebPageSession(StandaloneServer server, IPlaywright playwright, IBrowser browser, IPage page)
    {
        _server = server;
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>The page's address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl => _server.HttpUrl;

    /// <summary>The tenant key the page was given.</summary>
    public string ApiKey => _server.ApiKey;

    /// <summary>A folder for this session's files (index, generated photos), removed on dispose.</summary>
    public string DataFolder => _server.Folder;

    public static async Task<WebPageSession> StartAsync(string modelPath, int width = 1280, int height = 900)
    {
        var server = await StandaloneServer.StartAsync(modelPath);
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var browser = await Chromium.LaunchAsync(playwright);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            // As a person who entered the tenant's key in Settings: the page keeps it in sessionStorage and sends it on every call.
            await page.AddInitScriptAsync(
                $"if (!sessionStorage.getItem('siamese.apiKey')) sessionStorage.setItem('siamese.apiKey', '{server.ApiKey}');");
            return new WebPageSession(server, playwright, browser, page);
        }
        catch
        {
            playwright?.Dispose();
            await server.DisposeAsync();
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
        await _server.DisposeAsync();
    }
}
