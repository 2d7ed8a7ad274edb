using System.Text.RegularExpressions;
using Siamese.Model;

namespace Siamese.Standalone.Tests;

/// <summary>
/// <c>serve</c> and <c>demo</c> given a model or data they cannot use: exit 1 (could not start) or 2 (bad argument)
/// with one line naming the cause, nothing generated or trained first, and no unhandled exception (exit 134).
/// </summary>
public sealed class StartFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Serve_with_a_file_that_is_not_a_model_exits_1_naming_the_file()
    {
        var model = await NotAModelAsync();
        var (exit, output) = await RunAsync(["serve", "--model", model, .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index")]);

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        // The model loads beside Kestrel's start: "could not start" when it fails first, "stopped" when the port was bound.
        Assert.Matches($"Siamese.Standalone (could not start|stopped): Model file '{Regex.Escape(model)}' cannot be loaded by ONNX Runtime", output);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_model_that_does_not_exist_exits_1_naming_the_setting()
    {
        var model = Path.Combine(_dir.Path, "missing.onnx");
        var (exit, output) = await RunAsync(["serve", "--model", model, .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index")]);

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains($"Siamese.Standalone could not start: Models:Embedding '{model}' does not exist", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_setting_that_cannot_be_read_as_its_type_exits_1_naming_the_setting()
    {
        var (exit, output) = await RunAsync(["serve", "--model", Path.Combine(_dir.Path, "missing.onnx"), .. Ports(), "--Match:Index", "Nope"]);

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains("Siamese.Standalone could not start: Failed to convert configuration value 'Nope' at 'Match:Index'", output, StringComparison.Ordinal);
        Assert.Contains("Requested value 'Nope' was not found. Allowed: Embedded, Qdrant.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_file_as_its_index_folder_or_a_missing_admin_key_file_exits_1_with_the_settings_own_words()
    {
        var file = Path.Combine(_dir.Path, "index.json");
        await File.WriteAllTextAsync(file, "{}");
        var missing = Path.Combine(_dir.Path, "admin-key");

        var (dataExit, dataOutput) = await RunAsync(["serve", "--model", await NotAModelAsync(), .. Ports(), "--data-dir", file]);
        var (keyExit, keyOutput) = await RunAsync(["serve", "--model", await NotAModelAsync(), .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index"), "--admin-key-file", missing]);

        // Before: "stopped: Could not find a part of the path '…/index.json/<model>'" once the index was opened, and the
        // admin key's failure inside "DataAnnotation validation failed for 'SecurityOptions' members: … with the error: …".
        Assert.True(dataExit == 1, $"exit code {dataExit}:\n{dataOutput}");
        Assert.Contains($"Siamese.Standalone could not start: Match:Embedded:DataDirectory '{file}' is a file: name a folder", dataOutput, StringComparison.Ordinal);
        Assert.True(keyExit == 1, $"exit code {keyExit}:\n{keyOutput}");
        Assert.Contains($"Siamese.Standalone could not start: Security:AdminKeyFile '{missing}' does not exist.", keyOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("DataAnnotation", keyOutput.Split('\n').Single(l => l.Contains("could not start", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_folder_as_its_key_store_or_admin_key_file_exits_1_naming_the_file_to_give()
    {
        var keys = Path.Combine(_dir.Path, "keys");
        Directory.CreateDirectory(keys);
        var adminKey = Path.Combine(_dir.Path, "admin-key");
        await File.WriteAllTextAsync(adminKey, "admin-key-for-tests-0123456789");

        var (storeExit, storeOutput) = await RunAsync(["serve", "--model", await NotAModelAsync(), .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index"),
            "--keys", keys + Path.DirectorySeparatorChar, "--admin-key-file", adminKey]);
        var (adminExit, adminOutput) = await RunAsync(["serve", "--model", await NotAModelAsync(), .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index"),
            "--keys", Path.Combine(keys, "keys.json"), "--admin-key-file", keys]);

        // Before: "Access to the path '…/keys/' is denied. Permission denied", and "Security:AdminKeyFile '…/keys' does not exist."
        Assert.True(storeExit == 1, $"exit code {storeExit}:\n{storeOutput}");
        Assert.Contains($"Siamese.Standalone could not start: Security:KeyStorePath '{keys}/' is a folder: name the key store file, e.g. {keys}/keys.json.", storeOutput, StringComparison.Ordinal);
        Assert.True(adminExit == 1, $"exit code {adminExit}:\n{adminOutput}");
        Assert.Contains($"Siamese.Standalone could not start: Security:AdminKeyFile '{keys}' is a folder: name the file that holds the key.", adminOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_several_wrong_settings_names_every_one_in_its_one_line()
    {
        var model = Path.Combine(_dir.Path, "missing.onnx");
        var (exit, output) = await RunAsync(
            ["serve", "--model", model, .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index"), "--Crops:MinScore", "5",
             "--Messaging:Transport", "RabbitMq", "--Messaging:RabbitMqUri", "rabbit", "--Detect:Cameras:door:Detector", "Nope"]);

        // Before: only the first setting a service happened to read was named (the model); the range error said "The
        // field MinScore must be between 0 and 1." without its section, the broker address failed as "This operation is
        // not supported for a relative URI.", and a detector the binder could not convert started the host without a word.
        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        var line = CouldNotStartLine(output);
        Assert.Contains($"Models:Embedding '{model}' does not exist", line, StringComparison.Ordinal);
        Assert.Contains("Crops:MinScore: The field MinScore must be between 0 and 1.", line, StringComparison.Ordinal);
        Assert.Contains("Messaging:RabbitMqUri 'rabbit' is not a broker address", line, StringComparison.Ordinal);
        Assert.Contains("Detect:Cameras:door:Detector 'Nope' is not a detector", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_misspelt_setting_names_it_and_the_setting_it_is_near()
    {
        var (exit, output) = await RunAsync(
            ["serve", "--model", await NotAModelAsync(), .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index"),
             "--Crops:MinScor", "0.5", "--Match:Indx", "Qdrant", "--Match:Qdrant:Url", "http://qdrant:6334", "--Detect:ScoreThreshold", "0.8"]);

        // Before: both were ignored without a word and the host ran on the defaults. Qdrant's setting is not this host's
        // concern (it runs the embedded index), so it is left alone.
        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        var line = CouldNotStartLine(output);
        Assert.Contains("Crops:MinScor is not a setting. Did you mean Crops:MinScore? Crops takes BoxScale, BoxShiftY, Detector,", line, StringComparison.Ordinal);
        Assert.Contains("Match:Indx is not a setting. Did you mean Match:Index?", line, StringComparison.Ordinal);
        Assert.Contains("Detect:ScoreThreshold was renamed: set Crops:MinScore (environment Crops__MinScore) instead.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Qdrant:Url", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_Kestrel_setting_Kestrel_would_not_read_names_it()
    {
        var (exit, output) = await RunAsync(
            ["serve", "--model", await NotAModelAsync(), .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index"),
             "--Kestrel:Limits:MaxRequestBodySise", "1000000", "--Kestrel:Endpoints:Grpc:Protocols", "Http2Only"]);

        // Before: Kestrel skipped the misspelt limit and took the protocols it could not parse as unset (its default,
        // HTTP/1.1 and HTTP/2), and the host started on those defaults without a word.
        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        var line = CouldNotStartLine(output);
        Assert.Contains("Kestrel:Limits:MaxRequestBodySise is not a setting. Did you mean Kestrel:Limits:MaxRequestBodySize?", line, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Endpoints:Grpc:Protocols 'Http2Only' is not one Kestrel knows, and it would use its default.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_run_folder_as_its_model_names_the_model_file_in_it()
    {
        var run = Path.Combine(_dir.Path, "run");
        Directory.CreateDirectory(run);
        await File.WriteAllTextAsync(Path.Combine(run, "model.onnx"), "not read: the folder is refused first");

        var (exit, output) = await RunAsync(["serve", "--model", run, .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index")]);

        // Before: "does not exist", of a folder that does.
        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains($"Siamese.Standalone could not start: Models:Embedding '{run}' is a folder: point it at the model file, {Path.Combine(run, "model.onnx")}.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.json", "{\"tower\": \"conv\"}", "holds JSON (a run's report.json?)")]
    [InlineData("report.md", "# Training report", "holds text (a run's report.md?)")]
    [InlineData("empty.onnx", "", "is empty")]
    public async Task Serve_with_a_run_file_that_is_not_the_model_names_the_model_beside_it(string name, string content, string what)
    {
        var run = Path.Combine(_dir.Path, "run");
        Directory.CreateDirectory(run);
        await File.WriteAllTextAsync(Path.Combine(run, "model.onnx"), "not read: the file given is refused first");
        await File.WriteAllTextAsync(Path.Combine(run, name), content);

        var (exit, output) = await RunAsync(["serve", "--model", Path.Combine(run, name), .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index")]);

        // Before: two logged stack traces of a protobuf parser ("Mismatched end-group tag"), then that line.
        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains(
            $"Siamese.Standalone could not start: Models:Embedding '{Path.Combine(run, name)}' {what}, not an ONNX model: point it at the exported model, {Path.Combine(run, "model.onnx")}.",
            output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [ModelFact]
    public async Task Serve_with_a_damaged_key_store_says_so_once_naming_the_file()
    {
        var keys = Path.Combine(_dir.Path, "keys.json");
        await File.WriteAllTextAsync(keys, "{");

        var (exit, output) = await RunAsync(["serve", "--model", TestModel.Path!, "--keys", keys, .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index")]);

        // Before: the line gave the JSON parser's error twice (the store's message quotes it, and the root cause was added).
        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        var line = CouldNotStartLine(output);
        Assert.Contains($"The key store '{keys}' is not valid JSON", line, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(line, "Expected depth to be zero"));
    }

    [Fact]
    public async Task Serve_with_a_misspelt_option_exits_2_naming_it_before_starting()
    {
        var (exit, output) = await RunAsync(["serve", "--modle", Path.Combine(_dir.Path, "model.onnx")]);

        Assert.True(exit == 2, $"exit code {exit}:\n{output}");
        Assert.StartsWith("Unknown serve option '--modle'.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_face_model_and_no_YuNet_exits_1_saying_how_to_name_it()
    {
        // A model the trainer aligned faces for (it now does so by itself on faces it finds) needs the face detector;
        // the host names no file it was not given, so it stops and says which option names it.
        var model = PixelModel.Write(Path.Combine(_dir.Path, "faces.onnx"), 56, 46, ModelCrops.YuNetAligned);
        var (exit, output) = await RunAsync(["serve", "--model", model, .. Ports(), "--data-dir", Path.Combine(_dir.Path, "index")]);

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains("Siamese.Standalone could not start: Models:YuNet is not set: point it at yunet_s_dynamic.onnx (a model trained on YuNet-aligned faces " +
            "cuts every image with it; the hosts' --yunet <file>, or environment Models__YuNet).", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_with_a_file_that_is_not_a_model_exits_1_naming_the_file()
    {
        var model = await NotAModelAsync();
        var (exit, output) = await RunAsync("demo", "--model", model, "--out", Path.Combine(_dir.Path, "demo"), "--classes", "4", "--per-class", "3");

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains($"The standalone host could not start: Model file '{model}' cannot be loaded by ONNX Runtime", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "missing.onnx", "does not exist")]
    [InlineData("--model", ".", "is a folder: pass the model file the trainer exported")]
    [InlineData("--data", "no-such-folder", "is not a folder")]
    [InlineData("--classes", "1", "--classes and --per-class need at least 2")]
    public async Task Demo_refuses_what_cannot_work_before_it_generates_or_trains_anything(string option, string value, string expected)
    {
        var output = Path.Combine(_dir.Path, "demo");
        var argument = option is "--classes" ? value : Path.Combine(_dir.Path, value);
        var (exit, text) = await RunAsync("demo", option, argument, "--out", output);

        Assert.True(exit == 2, $"exit code {exit}:\n{text}");
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "the demo created its output folder before refusing");
    }

    [Theory]
    [InlineData("/proc/demo", "--out '/proc/demo' cannot be written: '/proc' takes no new file (the system refused to create a file there).")]
    [InlineData("", "--out needs a value.")]
    public async Task Demo_refuses_an_output_folder_it_cannot_make_before_it_generates_anything(string output, string expected)
    {
        // Before: "The demo stopped: Could not find file '/proc/demo'" once it was generating the dataset (/proc takes no
        // new file, even for root), and an unhandled ArgumentException with its stack trace for an empty --out.
        var (exit, text) = await RunAsync("demo", "--out", output);

        Assert.True(exit == 2, $"exit code {exit}:\n{text}");
        Assert.Equal(expected, text.Trim());
    }

    [Fact]
    public void The_trainers_figures_are_about_the_demos_data_only_when_the_report_names_that_folder()
    {
        var figures = new TrainerFigures(10, 5000, 0.977, 0.967, 0.001, 0.944, TrainedOn: Path.Combine(_dir.Path, "data"));
        var run = new OneShotRun(Probes: 2, Correct: 2, Known: 2, KnownCorrect: 2, EnrolMs: [1.0], IdentifyMs: [1.0, 2.0], Seconds: 0.1);
        var draw = new OneShotDraw([new LabeledImage("a", "a/1.png"), new LabeledImage("b", "b/1.png")], [new LabeledImage("a", "a/2.png"), new LabeledImage("b", "b/2.png")], false);
        using var other = new StringWriter();
        using var same = new StringWriter();

        DemoSummary.Print(other, run, draw, figures, sameData: figures.Describes(Path.Combine(_dir.Path, "elsewhere")));
        DemoSummary.Print(same, run, draw, figures, sameData: figures.Describes(Path.Combine(_dir.Path, "data") + Path.DirectorySeparatorChar));

        // Before: a model passed with --model beside other --data printed its own data's figures as "the trainer's offline figure for this draw".
        Assert.DoesNotContain("trainer, same draw", other.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("trainer, random draw", other.ToString(), StringComparison.Ordinal);
        Assert.Contains("trainer, same draw   96.7 %", same.ToString(), StringComparison.Ordinal);
        Assert.True(new TrainerFigures(10, 5000, 0.977, 0.967, 0.001, 0.944).Describes("/anywhere"), "a report that names no folder keeps the figures");
    }

    [Fact]
    public async Task Demo_on_data_with_nothing_to_identify_exits_1_saying_why()
    {
        var data = Path.Combine(_dir.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "only-one-class"));
        var model = Path.Combine(_dir.Path, "model.onnx");
        await File.WriteAllTextAsync(model, "never loaded: the data is refused first");

        var (exit, output) = await RunAsync("demo", "--data", data, "--model", model, "--out", Path.Combine(_dir.Path, "demo"));

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains($"Dataset folder '{data}' has no images in class sub-folders", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "demo")), "the demo made its output folder (or trained) before refusing");
    }

    public void Dispose() => _dir.Dispose();

    // Free loopback ports, so that the host fails on what the test gives it and not on a port another test holds.
    private static string[] Ports() =>
        [$"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{ServiceProcess.FreePort()}", $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{ServiceProcess.FreePort()}"];

    private async Task<string> NotAModelAsync()
    {
        var model = Path.Combine(_dir.Path, "model.onnx");
        await File.WriteAllTextAsync(model, "this is not an ONNX model");
        return model;
    }

    // The one line a failed start prints (the rest of the output is the host's log).
    private static string CouldNotStartLine(string output) =>
        output.Split('\n').Single(l => l.StartsWith("Siamese.Standalone could not start: ", StringComparison.Ordinal));

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        CommandProcess.RunAsync(Repo.HostDll("standalone", "Siamese.Standalone"), args, TimeSpan.FromMinutes(2));
}
