namespace Siamese.Trainer.Towers;

/// <summary>How the backbone tower pools ResNet18's last block into one vector.</summary>
public enum BackbonePooling
{
    /// <summary>The package's own 7×7 average: every place in the picture weighs the same.</summary>
    Average,

    /// <summary>
    /// A weighted average whose weights the head learns (<see cref="AttentionPool"/>): a small 1×1 convolution scores
    /// each of the 7×7 places, a softmax turns the scores into weights. It starts as the average (all scores 0).
    /// </summary>
    Attention,
}
