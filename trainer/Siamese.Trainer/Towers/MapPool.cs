using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// A pooling of the backbone's last-block map by the head itself (<see cref="BackbonePooling.ReadsMap"/>): the input's
/// first C·side² values are the map [C, side, side], the rest the earlier stages' pooled vectors, passed through. The
/// map pooled to [N, C] (<see cref="Pool"/>) and scaled to unit length, as the package's average it replaces is, takes
/// the map's place. Output: [N, C + rest].
/// </summary>
public abstract class MapPool : nn.Module<Tensor, Tensor>
{
    private readonly L2Normalize unit = new();

    protected MapPool(string name, int channels, int side, int rest) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rest);
        Channels = channels;
        Side = side;
        Rest = rest;
    }

    /// <summary>C: channels of the map.</summary>
    public int Channels { get; }

    /// <summary>The map's side (7 for ResNet18 at 224×224).</summary>
    public int Side { get; }

    /// <summary>Values after the map, passed through unchanged.</summary>
    public int Rest { get; }

    /// <summary>C·side²: how many leading input values are the map.</summary>
    public int MapLength => Channels * Side * Side;

    public int OutputLength => Channels + Rest;

    /// <summary>The unit length of the pooled vector (its epsilon is written into the ONNX graph too).</summary>
    internal L2Normalize Unit => unit;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var flat = input.flatten(1);
        var pooled = unit.call(Pool(flat.narrow(1, 0, MapLength).reshape(-1, Channels, Side, Side)));
        var output = Rest > 0 ? cat([pooled, flat.narrow(1, MapLength, Rest)], 1) : pooled;
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The map [N, C, side, side] pooled over its places: [N, C].</summary>
    protected abstract Tensor Pool(Tensor map);
}
