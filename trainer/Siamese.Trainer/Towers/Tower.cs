using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The shared branch of the twin network: [N,1,H,W] → [N,D]. Both inputs of a pair go through the same
/// weights. Layers are a flat sequence of standard modules so the ONNX exporter can walk them.
/// </summary>
public abstract class Tower(string name) : nn.Module<Tensor, Tensor>(name)
{
    public abstract TowerOptions Options { get; }

    /// <summary>Output vector length.</summary>
    public abstract int EmbeddingDimension { get; }

    /// <summary>The layers in order; <see cref="nn.Module{T,TResult}.forward"/> is exactly their composition.</summary>
    public abstract Sequential Layers { get; }

    /// <summary>How many member embeddings the tower's embedding concatenates (<see cref="MemberConcat"/>); each trains on a loss of its own.</summary>
    public virtual int Members => 1;

    /// <summary>Writes the weights (parameters and BatchNorm statistics) in TorchSharp's format.</summary>
    public void SaveWeights(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temp = path + ".tmp";
        save(temp);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads weights written by <see cref="SaveWeights"/> from a tower built with the same options.</summary>
    public void LoadWeights(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tower checkpoint '{path}' does not exist.", path);
        }

        load(path);
    }
}
