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

    /// <summary>Reads a checkpoint from its state file, or from the folder that holds one.</summary>
    public static (CheckpointState State, string Directory) Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = System.IO.Directory.Exists(path) ? Path.Combine(path, StateFile) : path;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' not found: pass a run's checkpoints/{StateFile} or its folder.", file);
        }

        try
        {
            return (Json.Read<CheckpointState>(file), Path.GetDirectoryName(Path.GetFullPath(file))!);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"'{file}' is not a checkpoint: pass a run's checkpoints/{StateFile} or its folder (where a model is asked for, a model.onnx also does). {e.Message}", e);
        }
    }
}
