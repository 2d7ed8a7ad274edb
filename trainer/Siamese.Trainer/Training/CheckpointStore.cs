using System.Text.Json;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using TorchSharp.Modules;

namespace Siamese.Trainer.Training;

/// <summary>A run's <c>checkpoints/</c> folder: the last epoch's weights + optimiser state, the state JSON naming them, and the best weights.</summary>
public sealed class CheckpointStore(string directory)
{
    public const string StateFile = "last.json";

    /// <summary>The checkpoints folder of a run writing to <paramref name="output"/>.</summary>
    public static string FolderOf(string output) => Path.Combine(output, "checkpoints");
    /// <summary>Names of the last weights and optimiser state in checkpoints written before files carried their epoch; still read.</summary>
    public const string LastWeights = "last.weights";
    public const string LastOptimizer = "last.optimizer";
    public const string BestWeightsFile = "best.weights";

    public string Directory { get; } = Path.GetFullPath(directory);

    public string StatePath => Path.Combine(Directory, StateFile);

    public string BestWeightsPath => Path.Combine(Directory, BestWeightsFile);

    public void SaveBest(Tower tower)
    {
        ArgumentNullException.ThrowIfNull(tower);
        System.IO.Directory.CreateDirectory(Directory);
        tower.SaveWeights(BestWeightsPath);
    }

    /// <summary>
    /// Weights and optimiser first, under names of their own epoch, then the state file (written atomically) that
    /// names them, then the previous epoch's files are deleted. A crash at any point leaves a state file whose
    /// weights and optimiser are exactly those of the epoch it records, so a resume repeats the run exactly.
    /// </summary>
    /// <returns>The state as written, naming this epoch's files.</returns>
    public CheckpointState Save(CheckpointState state, Tower tower, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(optimizer);
        System.IO.Directory.CreateDirectory(Directory);
        var weights = $"epoch-{state.Epoch:D4}.weights";
        var optimizerState = $"epoch-{state.Epoch:D4}.optimizer";
        tower.SaveWeights(Path.Combine(Directory, weights));
        var optimizerTemp = Path.Combine(Directory, optimizerState + ".tmp");
        optimizer.save_state_dict(optimizerTemp);
        File.Move(optimizerTemp, Path.Combine(Directory, optimizerState), overwrite: true);
        var committed = state with { Weights = weights, OptimizerState = optimizerState };
        Json.Write(StatePath, committed);

        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, "epoch-*")
            .Where(f => Path.GetFileName(f) is var name && name != weights && name != optimizerState))
        {
            File.Delete(stale);
        }

        return committed;
    }

    /// <summary>
    /// Reads a checkpoint from its state file, from the folder that holds one, or from the run's folder (what
    /// <c>train --out</c> named, which holds <c>checkpoints/</c>).
    /// </summary>
    public static (CheckpointState State, string Directory) Load(string path)
    {
        var file = StateFileOf(path);
        try
        {
            return (Json.Read<CheckpointState>(file), Path.GetDirectoryName(Path.GetFullPath(file))!);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"'{file}' is not a checkpoint: {Expected} (where a model is asked for, a model.onnx also does). {e.Message}", e);
        }
    }

    private const string Expected = $"pass a run's folder (train --out), its checkpoints folder or checkpoints/{StateFile}";

    private static string StateFileOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (System.IO.Directory.Exists(path))
        {
            return new[] { Path.Combine(path, StateFile), Path.Combine(FolderOf(path), StateFile) }.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"'{path}' holds no checkpoint (no {StateFile}, nor checkpoints/{StateFile}): {Expected}.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' not found: {Expected}.", path);
        }

        if (Path.GetExtension(path) is ".weights" or ".optimizer")
        {
            throw new InvalidDataException(
                $"'{path}' holds a checkpoint's {(path.EndsWith(".weights", StringComparison.Ordinal) ? "weights" : "optimiser state")}, read through its state file: " +
                $"pass {Path.Combine(Path.GetDirectoryName(path) ?? ".", StateFile)} or its folder.");
        }

        return path;
    }
}
