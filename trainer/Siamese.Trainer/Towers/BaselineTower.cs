using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// The classic ORL one-shot tower (Keras example): conv 6 and 12 filters 3×3 + ReLU, each followed by a 2×2 max-pool
/// and dropout 0.25, then dense 128 + ReLU, dropout 0.1, dense D (50) + ReLU. Kept as the comparison point.
/// </summary>
public sealed class BaselineTower : Tower
{
    public const int DefaultEmbeddingDimension = 50;

    // The field name is the prefix of every weight name in a checkpoint: never rename it.
    private readonly Sequential layers;

    public BaselineTower(TowerOptions options) : base(nameof(BaselineTower))
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        EmbeddingDimension = options.EmbeddingDimension > 0 ? options.EmbeddingDimension : DefaultEmbeddingDimension;
        var convDropout = options.Dropout >= 0 ? options.Dropout : 0.25;
        var denseDropout = options.Dropout >= 0 ? options.Dropout : 0.1;

        var h = TowerShape.Pool(TowerShape.Conv(TowerShape.Pool(TowerShape.Conv(options.InputHeight, 3, 0)), 3, 0));
        var w = TowerShape.Pool(TowerShape.Conv(TowerShape.Pool(TowerShape.Conv(options.InputWidth, 3, 0)), 3, 0));
        TowerShape.EnsurePositive(options, h, w, 10);

        layers = nn.Sequential(
            ("conv1", nn.Conv2d(options.Channels, 6, 3)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("drop1", nn.Dropout(convDropout)),
            ("conv2", nn.Conv2d(6, 12, 3)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("drop2", nn.Dropout(convDropout)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(12L * h * w, 128)),
            ("relu3", nn.ReLU()),
            ("drop3", nn.Dropout(denseDropout)),
            ("fc2", nn.Linear(128, EmbeddingDimension)),
            ("relu4", nn.ReLU()));
        RegisterComponents();
    }

    public override TowerOptions Options { get; }

    public override int EmbeddingDimension { get; }

    public override Sequential Layers => layers;

    public override Tensor forward(Tensor input) => layers.call(input);
}
