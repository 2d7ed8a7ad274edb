using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The plain average of the last-block map for a head that reads the whole map (<see cref="BackbonePooling.Both"/>):
/// the mean over the side² places, so the features average pooling gives (<see
/// cref="Onnx.BackboneGraph.AveragePooled"/>). No weights.
/// </summary>
public sealed class PlaceAverage : MapPool
{
    public PlaceAverage(int channels, int side, int rest) : base(nameof(PlaceAverage), channels, side, rest)
    {
        RegisterComponents();
    }

    protected override Tensor Pool(Tensor map) => map.reshape(-1, Channels, Side * Side).mean([2]);
}
