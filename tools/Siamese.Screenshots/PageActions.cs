using Microsoft.Playwright;

namespace Siamese.Screenshots;

/// <summary>What a person does on the page, step by step, as the test and the screenshot tour both do it.</summary>
public static class PageActions
{
    public static async Task SelectTabAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = name }).ClickAsync();
    }

    /// <summary>Enrols a subject with its photos through the Enrol tab; returns once the page lists it.</summary>
    public static async Task EnrolAsync(IPage page, string name, string subjectId, IReadOnlyList<string> photos)
    {
        ArgumentNullException.ThrowIfNull(page);
        await SelectTabAsync(page, "Enrol");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Subject id").FillAsync(subjectId);
        await page.Locator("#enrol-files").SetInputFilesAsync(photos);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();
        await page.Locator($"#enrol-log li[data-subject='{subjectId}']").WaitForAsync();
    }

    /// <summary>Identifies a photo through the Identify tab; returns once the result cards are shown.</summary>
    public static async Task IdentifyAsync(IPage page, string photo, string? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await SelectTabAsync(page, "Identify");
        await page.Locator("#identify-results").EvaluateAsync("list => list.replaceChildren()");
        await page.Locator("#identify-file").SetInputFilesAsync(photo);
        await page.GetByLabel("Threshold").FillAsync(threshold ?? "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Identify", Exact = true }).ClickAsync();
        await page.Locator("#identify-results > li").First.WaitForAsync();
    }
}
