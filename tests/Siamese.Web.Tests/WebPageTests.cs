using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Siamese.Screenshots;
using static Microsoft.Playwright.Assertions;

namespace Siamese.Web.Tests;

/// <summary>The web page in a real headless Chromium against the standalone host, used as a person would.</summary>
public sealed class WebPageTests
{
    [BrowserFact]
    public async Task TwoSubjectsEnrolledThroughThePageThenAThirdPhotoIsNamed()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var items = DemoItems.Generate(Path.Combine(session.DataFolder, "photos"));
        var page = session.Page;
        await session.OpenAsync("enrol");

        await PageActions.EnrolAsync(page, "Tea tin", "tea-tin", items.Photos(0, 2));
        await PageActions.EnrolAsync(page, "Soap bar", "soap-bar", items.Photos(1, 2));
        await PageActions.IdentifyAsync(page, items.Photo(0, 3));

        var card = page.Locator("#identify-results > li").First;
        await Expect(card).ToHaveAttributeAsync("data-decision", "known");
        await Expect(card).ToHaveAttributeAsync("data-subject", "tea-tin");
        await Expect(card.Locator(".who")).ToHaveTextAsync("1. Tea tin");
        await Expect(card.Locator(".candidates tbody tr")).ToHaveCountAsync(2);
        await Expect(card.Locator(".candidates tbody tr").First).ToHaveAttributeAsync("data-subject", "tea-tin");
        await Expect(page.Locator("#identify-threshold-line")).ToContainTextAsync("threshold");
        await Expect(page.Locator("#identify-canvas")).ToBeVisibleAsync();

        await PageActions.SelectTabAsync(page, "Gallery");
        await Expect(page.Locator("#gallery-rows tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#gallery-summary")).ToHaveTextAsync("2 subjects in tenant \"default\".");
    }

    [BrowserFact]
    public async Task PhotosEnrolledAgainAreNotCountedAsAdded()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var items = DemoItems.Generate(Path.Combine(session.DataFolder, "photos"));
        var page = session.Page;
        await session.OpenAsync("enrol");
        await PageActions.EnrolAsync(page, "Tea tin", "tea-tin", items.Photos(0, 2));

        await PageActions.EnrolAsync(page, "Tea tin", "tea-tin", [.. items.Photos(0, 2), items.Photo(0, 2)]);

        var log = page.Locator("#enrol-log li");
        await Expect(log).ToHaveCountAsync(2);
        await Expect(log.First).ToContainTextAsync("1 added (2 enrolled before, kept once), 3 in all");
        await Expect(log.Nth(1)).ToContainTextAsync("2 added, 2 in all");
    }

    [BrowserFact]
    public async Task AFrameSentFromTheCameraTabIsShownWithItsResultAndBoxes()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var items = DemoItems.Generate(Path.Combine(session.DataFolder, "photos"));
        var page = session.Page;
        await session.OpenAsync("enrol");
        await PageActions.EnrolAsync(page, "Tea tin", "tea-tin", items.Photos(0, 1));

        await PageActions.SelectTabAsync(page, "Camera");
        await page.GetByRole(AriaRole.Button, new() { Name = "Watch" }).ClickAsync();
        await Expect(page.Locator("#camera-state")).ToHaveTextAsync("watching entrance-1");
        await page.Locator("#camera-file").SetInputFilesAsync(items.Photo(0, 3));

        var frame = page.Locator("#camera-frames > li").First;
        await Expect(frame).ToContainTextAsync("· 1 crop");
        await Expect(frame.Locator("canvas")).ToBeVisibleAsync();
        await Expect(frame.Locator(".badge")).ToHaveCountAsync(1);
        // The enrolled name, as the Identify tab shows it (before: the subject id alone).
        await Expect(frame.Locator("[data-subject='tea-tin']")).ToContainTextAsync("Tea tin");
    }

    [BrowserFact]
    public async Task NotThisPersonRefusesTheSubjectForThatPhoto()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var items = DemoItems.Generate(Path.Combine(session.DataFolder, "photos"));
        var page = session.Page;
        await session.OpenAsync("enrol");
        await PageActions.EnrolAsync(page, "Tea tin", "tea-tin", items.Photos(0, 1));

        // A generous threshold makes another item match, as a wrong match would.
        await PageActions.IdentifyAsync(page, items.Photo(1, 0), threshold: "100");
        await Expect(page.Locator("#identify-results > li").First).ToHaveAttributeAsync("data-decision", "known");
        await page.GetByRole(AriaRole.Button, new() { Name = "Not this person" }).ClickAsync();

        await Expect(page.Locator("#identify-results .badge.refused")).ToBeVisibleAsync();
        await Expect(page.Locator("#identify-results > li").First).ToHaveAttributeAsync("data-decision", "unknown");
        await Expect(page.Locator("#alert")).ToContainTextAsync("1 wrong-match report");
    }

    [BrowserFact]
    public async Task AFolderOfLabelledPhotosCalibratesTheTenantsThresholdFromTheModelTab()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var folder = Path.Combine(session.DataFolder, "photos");
        DemoItems.Generate(folder); // 4 items × 5 photos, a sub-folder each
        await File.WriteAllBytesAsync(Path.Combine(folder, "loose.png"), await File.ReadAllBytesAsync(Directory.GetFiles(Directory.GetDirectories(folder)[0])[0]));
        var page = session.Page;
        await session.OpenAsync("model");
        var state = page.Locator("#calibrate-state");
        var result = page.Locator("#calibrate-result");
        var tenant = page.Locator("#model-calibration");

        await page.Locator("#calibrate-folder").SetInputFilesAsync(folder);
        await Expect(state).ToContainTextAsync("20 photos of 4 labels");
        await Expect(state).ToContainTextAsync("1 not in a sub-folder, left out");

        // A try reports without storing; Calibrate stores, and the card shows it; the model's threshold comes back.
        await page.GetByLabel("Target false accepts (%)").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Try", Exact = true }).ClickAsync();
        await Expect(result).ToContainTextAsync("a try, not stored");
        await Expect(result).ToContainTextAsync("40 genuine and 150 impostor pairs (20 photos, 4 labels)");
        await Expect(tenant).ToContainTextAsync("(the model's)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Calibrate", Exact = true }).ClickAsync();
        await Expect(result).ToContainTextAsync("stored: identify and verify of this tenant use it");
        await Expect(tenant).ToContainTextAsync("this tenant's calibration");
        await Expect(tenant).ToContainTextAsync("40 genuine and 150 impostor pairs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use the model's threshold" }).ClickAsync();
        await Expect(tenant).ToContainTextAsync("(the model's)");

        // A target out of range is the server's clear refusal, shown in the alert line.
        await page.GetByLabel("Target false accepts (%)").FillAsync("90");
        await page.GetByRole(AriaRole.Button, new() { Name = "Try", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("out of range");
    }

    [BrowserFact]
    public async Task ACalibrationShowsItsUploadAndCanBeCancelledStoringNothing()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var folder = Path.Combine(session.DataFolder, "photos");
        DemoItems.Generate(folder);
        var page = session.Page;
        await session.OpenAsync("model");
        var state = page.Locator("#calibrate-state");
        var progress = page.Locator("#calibrate-progress");
        var cancel = page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true });
        var calibrateButton = page.GetByRole(AriaRole.Button, new() { Name = "Calibrate", Exact = true });
        await page.Locator("#calibrate-folder").SetInputFilesAsync(folder);
        await page.GetByLabel("Target false accepts (%)").FillAsync("5");

        // The calibration's POST held on its way to the server, as a slow upload is: the page shows the upload and a
        // Cancel; cancelled, the server stores nothing and the form can run again.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/calibration*", async route =>
        {
            if (route.Request.Method == "POST")
            {
                held.TrySetResult();
                await release.Task;
            }

            try
            {
                await route.ContinueAsync();
            }
            catch (PlaywrightException)
            {
                // The page aborted the request while it was held.
            }
        });
        await calibrateButton.ClickAsync();
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Expect(progress).ToBeVisibleAsync();
        await Expect(state).ToContainTextAsync("Sending 20 photos");
        await Expect(calibrateButton).ToBeDisabledAsync();
        await cancel.ClickAsync();
        await Expect(state).ToHaveTextAsync("Cancelled: nothing was stored.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Cancelled");
        await Expect(progress).ToBeHiddenAsync();
        await Expect(cancel).ToBeHiddenAsync();
        release.TrySetResult();
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await Expect(page.Locator("#model-calibration")).ToContainTextAsync("(the model's)");

        await calibrateButton.ClickAsync();
        await Expect(page.Locator("#calibrate-result")).ToContainTextAsync("stored: identify and verify of this tenant use it");
        await Expect(state).ToHaveTextAsync("20 photos sent.");
        await Expect(progress).ToBeHiddenAsync();
        await Expect(page.Locator("#model-calibration")).ToContainTextAsync("this tenant's calibration");
    }

    [BrowserFact]
    public async Task ACalibrationOverASlowLinkShowsHowMuchIsSentAsItGoes()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var folder = Path.Combine(session.DataFolder, "photos");
        DemoItems.Generate(folder);
        var photoBytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var page = session.Page;
        await session.OpenAsync("model");
        var state = page.Locator("#calibrate-state");
        var progress = page.Locator("#calibrate-progress");
        await page.Locator("#calibrate-folder").SetInputFilesAsync(folder);
        await page.GetByLabel("Target false accepts (%)").FillAsync("5");

        // A slow uplink, as a shop's may be: Chromium's own network throttling sends the body at a rate that takes
        // about six seconds, so the upload's progress events come as the bytes go out.
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Network.enable");
        await devTools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = photoBytes / 6,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Calibrate", Exact = true }).ClickAsync();

        // Part of the body sent: the bar and the line say how much, and that the server embeds as it goes.
        await page.WaitForFunctionAsync("() => { const p = document.getElementById('calibrate-progress'); return !p.hidden && p.value > 0 && p.value < 1; }");
        await Expect(state).ToHaveTextAsync(new Regex(@"^Sending 20 photos: \d+\.\d MB of \d+\.\d MB \(\d{1,2}%\), embedded as they arrive…$"));

        await Expect(page.Locator("#calibrate-result")).ToContainTextAsync("stored: identify and verify of this tenant use it", new() { Timeout = 60_000 });
        await Expect(state).ToHaveTextAsync("20 photos sent.");
        await Expect(progress).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task AFileThatIsNotAPictureGetsAMessageThatSaysSo()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var page = session.Page;
        await session.OpenAsync("enrol");
        var notAPicture = Path.Combine(session.DataFolder, "notes.png");
        await File.WriteAllTextAsync(notAPicture, "this is not a picture");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Nobody");
        await page.Locator("#enrol-files").SetInputFilesAsync(notAPicture);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("image");
        await Expect(page.Locator("#enrol-log li")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task TabsAreReachableWithTheKeyboard()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var page = session.Page;
        await session.OpenAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Identify" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Enrol" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Model" })).ToBeFocusedAsync();
        await Expect(page.Locator("#model-facts")).ToContainTextAsync("siamese");
    }

    [BrowserFact]
    public async Task TheScreenshotTourWritesAPictureOfEveryTab()
    {
        await using var session = await WebPageSession.StartAsync(TestModel.Path!);
        var output = Path.Combine(session.DataFolder, "screenshots");

        var files = await ScreenshotTour.RunAsync(session, output);

        var names = files.Select(Path.GetFileNameWithoutExtension).ToList();
        foreach (var tab in new[] { "enrol", "identify", "gallery", "camera", "model" })
        {
            Assert.Contains(tab, names);
        }

        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 10_000, $"{f} is nearly empty"));
    }
}
