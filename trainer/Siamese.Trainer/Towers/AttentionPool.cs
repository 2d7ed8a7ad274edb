using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Pools the backbone's last-block map with weights it learns. Each place's score is <c>score(relu(hidden(x)))</c>,
/// two 1×1 convolutions; a softmax over the side² places gives the weights, and the weighted sum of the map's columns
/// is the pooled vector. The score's weights start at zero, so training starts from the plain average.
/// </summary>
public sealed class AttentionPool : MapPool
{
    /// <summary>Channels of the hidden 1×1 convolution.</summary>
    public const int HiddenChannels = 64;

    // Field names are parts of the weight names in a checkpoint: never rename them.
    private readonly Conv2d hidden;
    private readonly Conv2d score;

    public AttentionPool(int channels, int side, int rest) : base(nameof(AttentionPool), channels, side, rest)
    {
        hidden = nn.Conv2d(channels, HiddenChannels, 1);
        score = nn.Conv2d(HiddenChannels, 1, 1);
        using (no_grad())
        {
            score.weight!.zero_();
            score.bias!.zero_();
        }

        RegisterComponents();
    }

    internal Conv2d Hidden => hidden;

    internal Conv2d Score => score;

    protected override Tensor Pool(Tensor map)
    {
        var weights = nn.functional.softmax(score.call(nn.functional.relu(hidden.call(map))).reshape(-1, Side * Side), 1);
        return (map.reshape(-1, Channels, Side * Side) * weights.unsqueeze(1)).sum(2);
    }
}
