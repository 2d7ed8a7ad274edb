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

    /// <summary>
    /// Both side by side (<see cref="MemberConcat"/>): a head on the average and a head on the attention pooling, each
    /// trained on its own loss, the model serving their embeddings concatenated × 1/√2.
    /// </summary>
    Both,
}

/// <summary>What a <see cref="BackbonePooling"/> needs of the backbone.</summary>
public static class BackbonePoolingExtensions
{
    /// <summary>Whether the head pools the last block itself, so the features carry its whole map [512·7·7].</summary>
    public static bool ReadsMap(this BackbonePooling pooling) => pooling != BackbonePooling.Average;
}
