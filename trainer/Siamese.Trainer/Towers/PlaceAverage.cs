using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The plain average of the backbone's last-block map for a head that reads the whole map (<see
/// cref="BackbonePooling.Both"/>): the input's first C·side² values are the map, the rest the earlier stages' pooled
/// vectors, passed through. The mean over the side² places, scaled to unit length, takes the map's place: the
/// features average pooling gives (<see cref="Onnx.BackboneGraph.AveragePooled"/>). No weights. Output: [N, C + rest].
/// </summary>
public sealed class PlaceAverage : nn.Module<Tensor, Tensor>
{
    private readonly L2Normalize unit = new();

    public PlaceAverage(int channels, int side, int rest) : base(nameof(PlaceAverage))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rest);
        Channels = channels;
        Side = side;
        Rest = rest;
        RegisterComponents();
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

    /// <summary>The unit length of the averaged vector (its epsilon is written into the ONNX graph too).</summary>
    internal L2Normalize Unit => unit;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var flat = input.flatten(1);
        var pooled = unit.call(flat.narrow(1, 0, MapLength).reshape(-1, Channels, Side * Side).mean([2]));
        var output = Rest > 0 ? cat([pooled, flat.narrow(1, MapLength, Rest)], 1) : pooled;
        return output.MoveToOuterDisposeScope();
    }
}
