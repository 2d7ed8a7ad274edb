using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Pools the backbone's last-block map with weights it learns: the input's first C·S values are the map [C, side,
/// side] (S = side²), the rest the earlier stages' pooled vectors, passed through. Each place's score is
/// <c>score(relu(hidden(x)))</c>, two 1×1 convolutions; a softmax over the S places gives the weights, and the weighted
/// sum of the map's columns is scaled to unit length, as the average it replaces was. The score's weights start at zero,
/// so training starts from the plain average. Output: [N, C + rest].
/// </summary>
public sealed class AttentionPool : nn.Module<Tensor, Tensor>
{
    /// <summary>Channels of the hidden 1×1 convolution.</summary>
    public const int HiddenChannels = 64;

    // Field names are parts of the weight names in a checkpoint: never rename them.
    private readonly Conv2d hidden;
    private readonly Conv2d score;
    private readonly L2Normalize unit = new();

    public AttentionPool(int channels, int side, int rest) : base(nameof(AttentionPool))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rest);
        Channels = channels;
        Side = side;
        Rest = rest;
        hidden = nn.Conv2d(channels, HiddenChannels, 1);
        score = nn.Conv2d(HiddenChannels, 1, 1);
        using (no_grad())
        {
            score.weight!.zero_();
            score.bias!.zero_();
        }

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

    internal Conv2d Hidden => hidden;

    internal Conv2d Score => score;

    /// <summary>The unit length of the pooled vector (its epsilon is written into the ONNX graph too).</summary>
    internal L2Normalize Unit => unit;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var flat = input.flatten(1);
        var map = flat.narrow(1, 0, MapLength).reshape(-1, Channels, Side, Side);
        var weights = nn.functional.softmax(score.call(nn.functional.relu(hidden.call(map))).reshape(-1, Side * Side), 1);
        var pooled = unit.call((map.reshape(-1, Channels, Side * Side) * weights.unsqueeze(1)).sum(2));
        var output = Rest > 0 ? cat([pooled, flat.narrow(1, MapLength, Rest)], 1) : pooled;
        return output.MoveToOuterDisposeScope();
    }
}
