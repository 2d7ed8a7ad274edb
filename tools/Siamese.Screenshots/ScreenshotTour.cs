using Microsoft.Playwright;

namespace Siamese.Screenshots;

/// <summary>
/// Walks every tab the way a new user would — enrol two items, identify a third photo and an item never enrolled,
/// browse the gallery, send a frame as a camera, read the model — and saves a screenshot of each.
/// </summary>
public static class ScreenshotTour
{
    public static async Task<IReadOnlyList<string>> RunAsync(WebPageSession session, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(session);
        Directory.CreateDirectory(outputFolder);
        var page = session.Page;
        var items = DemoItems.Generate(Path.Combine(session.DataFolder, "photos"));
        var written = new List<string>();
        async Task Shot(string name)
        {
            var path = Path.Combine(outputFolder, name + ".png");
            await page.EvaluateAsync("() => document.activeElement?.blur()");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            written.Add(path);
        }

        await session.OpenAsync("enrol");
        await PageActions.EnrolAsync(page, DemoItems.Names[0], "tea-tin", items.Photos(0, 2));
        await PageActions.EnrolAsync(page, DemoItems.Names[1], "soap-bar", items.Photos(1, 2));
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(DemoItems.Names[2]);
        await page.GetByLabel("Subject id").FillAsync("jam-jar");
        await page.Locator("#enrol-files").SetInputFilesAsync(items.Photos(2, 3));
        await Shot("enrol");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();
        await page.Locator("#enrol-log li[data-subject='jam-jar']").WaitForAsync();

        await PageActions.IdentifyAsync(page, items.Photo(0, 3));
        await Shot("identify");
        // An item never enrolled: answered unknown, or — when the model wrongly names it — reported ("Not this
        // person") and identified again, which then refuses the wrong subject.
        await PageActions.IdentifyAsync(page, items.Photo(3, 0));
        var report = page.GetByRole(AriaRole.Button, new() { Name = "Not this person" });
        if (await report.CountAsync() > 0)
        {
            await Shot("identify-wrong-match");
            await report.First.ClickAsync();
            await page.Locator("#identify-results .badge.refused").WaitForAsync();
            await Shot("identify-after-report");
        }
        else
        {
            await Shot("identify-unknown");
        }

        await PageActions.SelectTabAsync(page, "Gallery");
        await page.Locator("#gallery-rows tr").Nth(2).WaitForAsync();
        await Shot("gallery");

        await PageActions.SelectTabAsync(page, "Camera");
        await page.GetByRole(AriaRole.Button, new() { Name = "Watch" }).ClickAsync();
        await page.GetByText("watching entrance-1").WaitForAsync();
        await page.Locator("#camera-file").SetInputFilesAsync(items.Photo(1, 4));
        await page.Locator("#camera-frames > li").First.WaitForAsync();
        await Shot("camera");

        await PageActions.SelectTabAsync(page, "Model");
        await page.Locator("#model-facts dd").First.WaitForAsync();
        await page.WaitForFunctionAsync(
            "() => !document.querySelector('#model-plots').textContent.includes('loading') && [...document.querySelectorAll('#model-plots img')].every(i => i.complete)");
        await Shot("model");
        return written;
    }
}
