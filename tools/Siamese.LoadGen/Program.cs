using System.CommandLine;
using Siamese.CommandLine;
using Siamese.Model;
using Siamese.Testing;

// Posts ORL faces pasted into scenes to ingest and reports throughput and POST-to-result latency percentiles.
// System.CommandLine has no parser of its own for Uri: without this one, every --url was refused.
var url = new Option<Uri>("--url")
{
    Description = "Ingest base address.",
    DefaultValueFactory = _ => new Uri("http://127.0.0.1:8060"),
    CustomParser = result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"--url must be an absolute http:// or https:// address, got '{text}'.");
        return null;
    },
};
var frames = AtLeast(new Option<int>("--frames") { Description = "Frames to post.", DefaultValueFactory = _ => 500 }, 1);
var concurrency = AtLeast(new Option<int>("--concurrency") { Description = "Frames in flight at once.", DefaultValueFactory = _ => 8 }, 1);
var rate = new Option<double>("--rate") { Description = "Target frames per second (0 = as fast as the concurrency allows)." };
rate.Validators.Add(result =>
{
    if (result.TryGetValue<double>(out var value) && (value < 0 || !double.IsFinite(value)))
    {
        result.AddError($"--rate must be 0 or more, got {value}.");
    }
});
var camera = new Option<string>("--camera") { Description = "Camera id.", DefaultValueFactory = _ => "loadgen" };
var apiKey = new Option<string?>("--api-key")
{
    Description = "API key of the camera owner's tenant (default: $SIAMESE_API_KEY).",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SIAMESE_API_KEY") is { Length: > 0 } key ? key : null,
};
var orl = new Option<string?>("--orl") { Description = "ORL faces folder (default: the shared dataset)." };
orl.Validators.Add(result =>
{
    // Before: an unhandled DirectoryNotFoundException with its stack trace.
    if (result.TryGetValue<string?>(out var given) && given is { } value && !Directory.Exists(value))
    {
        result.AddError($"--orl '{value}' is not a folder: pass the ORL faces folder (one sub-folder per person, s1 … s40).");
    }
});
var root = new RootCommand("Siamese load generator: posts camera frames to ingest and measures POST-to-result latency.")
{
    url, frames, concurrency, rate, camera, apiKey, orl,
};
root.SetAction(async (parse, cancellationToken) =>
{
    if ((parse.GetValue(orl) ?? SharedData.OrlFaces) is not { } folder)
    {
        Console.Error.WriteLine($"No ORL faces here: pass --orl <folder> or set {SharedData.OrlFacesVariable}.");
        return 2;
    }

    var cameraId = parse.GetValue(camera)!;
    IReadOnlyList<(string Path, string Subject)> draws;
    try
    {
        draws = [.. OrlScenes.Draw(folder, parse.GetValue(frames)).Select(d => (d.Path, d.Subject))];
    }
    catch (Exception ex) when (ex is InvalidDataException or IOException)
    {
        // A folder without the faces (or an unreadable one): one line, not a stack trace.
        Console.Error.WriteLine(ex.Message);
        return 2;
    }

    var work = draws.Select((d, i) => (OrlScenes.Scene(d.Path, i).Png, cameraId, (string?)d.Subject)).ToList();
    using var http = new HttpClient { BaseAddress = parse.GetValue(url) };
    var runner = new LoadRunner(new FrameClient(http, parse.GetValue(apiKey)), parse.GetValue(concurrency), parse.GetValue(rate));
    LoadResult result;
    try
    {
        result = await runner.RunAsync(work, cancellationToken);
    }
    catch (HttpRequestException ex)
    {
        Console.Error.WriteLine($"Stopped: ingest at {http.BaseAddress} could not be used: {ex.Message}");
        return 3;
    }

    var done = result.Frames.Count(f => f.Status.Status == "Done");
    var right = result.Frames.Count(f => f.Status.TopSubject == f.Expected);
    Console.WriteLine($"frames {result.Frames.Count}, done {done}, failed {result.Frames.Count - done}, top subject right {right}");
    Console.WriteLine($"frames/s {result.FramesPerSecond:F1}  p50 {result.Percentile(50):F1} ms  p95 {result.Percentile(95):F1} ms  p99 {result.Percentile(99):F1} ms");
    return 0;
});
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    // Exit 2 for a usage error, as the other command lines of the repository; 3 when ingest cannot be used.
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return 2;
}

return await parsed.InvokeAsync();

static Option<int> AtLeast(Option<int> option, int minimum)
{
    option.Validators.Add(result =>
    {
        if (result.TryGetValue<int>(out var value) && value < minimum)
        {
            result.AddError($"{option.Name} must be at least {minimum}, got {value}.");
        }
    });
    return option;
}
