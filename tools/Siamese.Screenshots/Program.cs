using Siamese.Screenshots;

// screenshots [--out docs/screenshots] [--model <model.onnx>]: the page's tour, one PNG per tab (see ScreenshotTour).
const string Usage = "screenshots [--out <folder>] [--model <model.onnx>]: the web page's tour, one PNG per tab (default --out docs/screenshots).";
var output = "docs/screenshots";
var model = Environment.GetEnvironmentVariable("SIAMESE_TEST_MODEL") is { Length: > 0 } m ? m : Path.Combine("artifacts", "test-model", "model.onnx");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--model" when i + 1 < args.Length:
            model = args[++i];
            break;
        case "--help" or "-h" or "-?":
            Console.WriteLine($"Usage: {Usage}");
            return 0;
        case "--out" or "--model":
            await Console.Error.WriteLineAsync($"{args[i]} needs a value. Usage: {Usage}");
            return 2;
        default:
            await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: {Usage}");
            return 2;
    }
}

if (!File.Exists(model))
{
    await Console.Error.WriteLineAsync($"No model at '{model}': train one (trainer train --synthetic --quick --tower conv --out artifacts/test-model) or pass --model.");
    return 2;
}

if (string.IsNullOrWhiteSpace(output) || File.Exists(output))
{
    await Console.Error.WriteLineAsync($"--out '{output}' is not a folder name: name the folder the screenshots go to. Usage: {Usage}");
    return 2;
}

if (Siamese.Model.WritablePath.Problem("--out", output, output) is { } unwritable)
{
    // Before: an unhandled exception with its stack trace once the browser had toured the page.
    await Console.Error.WriteLineAsync(unwritable);
    return 2;
}

await using var session = await WebPageSession.StartAsync(Path.GetFullPath(model));
foreach (var file in await ScreenshotTour.RunAsync(session, Path.GetFullPath(output)))
{
    Console.WriteLine(file);
}

return 0;
