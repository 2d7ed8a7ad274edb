using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using TorchSharp.Modules;

namespace Siamese.Trainer.Training;

/// <summary>A run's <c>checkpoints/</c> folder: last weights + optimiser state + state JSON, and the best weights.</summary>
public sealed class CheckpointStore(string directory)
{
    public const string StateFile = "last.json";
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

    /// <summary>Weights and optimiser first, state last: a state file never points at files not yet written.</summary>
    public void Save(CheckpointState state, Tower tower, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(optimizer);
        System.IO.Directory.CreateDirectory(Directory);
        tower.SaveWeights(Path.Combine(Directory, LastWeights));
        var optimizerTemp = Path.Combine(Directory, LastOptimizer + ".tmp");
        optimizer.save_state_dict(optimizerTemp);
        File.Move(optimizerTemp, Path.Combine(Directory, LastOptimizer), overwrite: true);
        Json.Write(StatePath, state);
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

        return (Json.Read<CheckpointState>(file), Path.GetDirectoryName(Path.GetFullPath(file))!);
    }
}
