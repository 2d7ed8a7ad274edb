using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using TorchSharp;

namespace Siamese.Trainer.Tests;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-checkpoints-").FullName;

    [Fact]
    public void AFileThatIsNotACheckpointIsOneClearErrorForEveryVerbThatReadsOne()
    {
        var report = Path.Combine(directory, "report.json");
        File.WriteAllText(report, "{ \"model\": 1 }");
        var text = Path.Combine(directory, "notes.txt");
        File.WriteAllText(text, "hello");
        var (evaluate, evaluateError) = CliCapture.Run("evaluate", "--model", report, "--data", directory);
        var (export, exportError) = CliCapture.Run("export", "--checkpoint", text, "--out", Path.Combine(directory, "m.onnx"));
        var (resume, resumeError) = CliCapture.Run("train", "--resume", report);
        var error = evaluateError + exportError + resumeError;

        // Before: an unhandled JsonException and its stack trace.
        Assert.Equal((2, 2, 2), (evaluate, export, resume));
        var lines = error.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Contains($"'{report}' is not a checkpoint: pass a run's folder (train --out), its checkpoints folder or checkpoints/last.json", lines[0], StringComparison.Ordinal);
        Assert.Contains($"'{text}' is not a checkpoint", lines[1], StringComparison.Ordinal);
        Assert.Contains($"'{report}' is not a checkpoint", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "m.onnx")));
    }

    [Fact]
    public void AResumeExportOrEvaluationWhoseDataMovedSaysToPassDataAndWorksWithIt()
    {
        var data = Path.Combine(directory, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 6, 4, seed: 3);
        var checkpoints = Path.Combine(directory, "run", "checkpoints");
        // The conv tower: its checkpoints hold the whole tower, so evaluate takes them (a backbone checkpoint holds the head alone).
        Assert.Equal(0, CliCapture.Run("train", "--data", data, "--tower", "conv", "--quick", "--out", Path.Combine(directory, "run")).ExitCode);
        var moved = data + "-moved";
        Directory.Move(data, moved);

        var (resume, resumeError) = CliCapture.Run("train", "--resume", checkpoints);
        var (export, exportError) = CliCapture.Run("export", "--checkpoint", checkpoints, "--out", Path.Combine(directory, "m.onnx"));
        var (evaluate, evaluateError) = CliCapture.Run("evaluate", "--model", checkpoints, "--episodes", "200");

        // Before: "Dataset folder '…' does not exist" for both, with no word of --data (which resume did not take).
        Assert.Equal(2, resume);
        Assert.Contains($"error: The run's data folder '{data}' is not there any more: if it moved, pass --data <where it is now> beside --resume.", resumeError, StringComparison.Ordinal);
        Assert.Equal(2, export);
        Assert.Contains($"error: The run's data folder '{data}' is not there any more: if it moved, pass --data <where it is now>", exportError, StringComparison.Ordinal);
        Assert.Equal(2, evaluate);
        Assert.Contains($"error: The run's data folder '{data}' is not there any more: if it moved, pass --data <where it is now>.", evaluateError, StringComparison.Ordinal);
        Assert.Equal(0, CliCapture.Run("export", "--checkpoint", checkpoints, "--out", Path.Combine(directory, "m.onnx"), "--data", moved).ExitCode);
        Assert.Equal(0, CliCapture.Run("train", "--resume", checkpoints, "--data", moved).ExitCode);

        // Another setting beside --resume was ignored before (the run went on with its own): it is refused now.
        var (extend, extendError) = CliCapture.Run("train", "--resume", checkpoints, "--data", moved, "--epochs", "20", "--lr", "0.01");
        Assert.Equal(2, extend);
        Assert.Contains("--epochs, --lr: --resume continues the run with the settings it was started with, and takes only --data beside it", extendError, StringComparison.Ordinal);

        // The run's folder (what train --out named) is taken as well as its checkpoints folder.
        var fromRun = CliCapture.Run("export", "--checkpoint", Path.Combine(directory, "run"), "--out", Path.Combine(directory, "r.onnx"), "--data", moved);
        Assert.Equal(0, fromRun.ExitCode);
        Assert.True(File.Exists(Path.Combine(directory, "r.onnx")));
    }

    [Fact]
    public void AFolderWithoutACheckpointAndAWeightsFileAreRefusedSayingWhatToPass()
    {
        var empty = Directory.CreateDirectory(Path.Combine(directory, "empty")).FullName;
        var weights = Path.Combine(directory, "checkpoints", "best.weights");
        Directory.CreateDirectory(Path.GetDirectoryName(weights)!);
        File.WriteAllBytes(weights, [0x18, 0x2, 0x3]);

        var (folderExit, folderError) = CliCapture.Run("export", "--checkpoint", empty, "--out", Path.Combine(directory, "m.onnx"));
        var (weightsExit, weightsError) = CliCapture.Run("evaluate", "--model", weights, "--data", directory);

        // Before: "Checkpoint '…' not found" for a folder that is there, and a JSON reader's complaint about byte 0x18.
        Assert.Equal((2, 2), (folderExit, weightsExit));
        Assert.Contains($"error: '{empty}' holds no checkpoint (no last.json, nor checkpoints/last.json): pass a run's folder (train --out)", folderError, StringComparison.Ordinal);
        Assert.Contains($"error: '{weights}' holds a checkpoint's weights, read through its state file: pass {Path.Combine(directory, "checkpoints", "last.json")} or its folder.", weightsError, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportToAFolderIsRefusedNamingTheFileToGiveInstead()
    {
        var (exit, error) = CliCapture.Run("export", "--checkpoint", directory, "--out", directory);

        Assert.Equal(2, exit);
        Assert.Contains($"error: --out '{directory}' is a folder: name the ONNX file to write, e.g. {Path.Combine(directory, "exported.onnx")}.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportToAPathItCannotWriteIsRefusedBeforeAnythingIsCreated()
    {
        var slashed = Path.Combine(directory, "exports") + Path.DirectorySeparatorChar;

        // Before: the first created the folder and then failed with "Could not find a part of the path"; the second named
        // the exporter's temporary file; the third said "The value cannot be an empty string … (Parameter 'path')".
        var (slashExit, slashError) = CliCapture.Run("export", "--checkpoint", directory, "--out", slashed);
        var (procExit, procError) = CliCapture.Run("export", "--checkpoint", directory, "--out", "/proc/model.onnx");
        var (emptyExit, emptyError) = CliCapture.Run("export", "--checkpoint", directory, "--out", "");

        Assert.Equal((2, 2, 2), (slashExit, procExit, emptyExit));
        Assert.Contains($"error: --out '{slashed}' is a folder: name the ONNX file to write, e.g. {Path.Combine(slashed, "exported.onnx")}.", slashError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(slashed));
        Assert.Contains("error: --out '/proc/model.onnx' cannot be written: '/proc' takes no new file (", procError, StringComparison.Ordinal);
        Assert.Contains("error: --out is empty: name the ONNX file to write, e.g. exported.onnx.", emptyError, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInterruptNamesTheLastCheckpointAndTheCommandThatContinuesOrSaysThereIsNone()
    {
        using var note = new InterruptNote(directory, TextWriter.Null);
        Assert.Equal("Interrupted before the first checkpoint was written: there is nothing to resume.", note.Describe());

        using var tower = TowerTestData.TrainedTower(TowerKind.Baseline);
        using var optimizer = new HeldAdam(tower.parameters(), 0.001, 0);
        new CheckpointStore(directory).Save(State(3), tower, optimizer);

        Assert.Equal($"Interrupted. The last checkpoint (epoch 3) is in {directory}; to continue: train --resume {directory}", note.Describe());
    }

    [Fact]
    public void EachSaveNamesItsOwnEpochsFilesAndRemovesThePreviousOnes()
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Baseline);
        using var optimizer = new HeldAdam(tower.parameters(), 0.001, 0);
        var store = new CheckpointStore(directory);

        var first = store.Save(State(1), tower, optimizer);
        var second = store.Save(State(2), tower, optimizer);

        Assert.Equal("epoch-0002.weights", second.Weights);
        Assert.Equal("epoch-0002.optimizer", second.OptimizerState);
        Assert.False(File.Exists(Path.Combine(directory, first.Weights)));
        Assert.False(File.Exists(Path.Combine(directory, first.OptimizerState)));
        Assert.Equal(2, CheckpointStore.Load(directory).State.Epoch);
    }

    [Fact]
    public void ACrashBeforeTheStateFileLeavesTheStateWithItsOwnEpochsWeights()
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Baseline);
        using var optimizer = new HeldAdam(tower.parameters(), 0.001, 0);
        var store = new CheckpointStore(directory);
        var saved = store.Save(State(1), tower, optimizer);
        var before = File.ReadAllBytes(Path.Combine(directory, saved.Weights));

        // What a crash leaves after the next epoch wrote its weights but not yet its state file.
        using var next = TowerTestData.TrainedTower(TowerKind.Baseline, seed: 99);
        next.SaveWeights(Path.Combine(directory, "epoch-0002.weights"));

        var (state, folder) = CheckpointStore.Load(Path.Combine(directory, CheckpointStore.StateFile));
        Assert.Equal(1, state.Epoch);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(folder, state.Weights)));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static CheckpointState State(int epoch) => new()
    {
        Epoch = epoch,
        Options = new TrainOptions(),
        Split = new IdentitySplit(["a", "b"], ["c"], ["d"]),
        Pixels = new PixelStatistics(0.5f, 0.2f),
        History = [],
    };
}
