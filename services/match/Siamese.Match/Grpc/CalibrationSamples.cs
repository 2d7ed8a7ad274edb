namespace Siamese.Match.Grpc;

/// <summary>
/// What a calibration's messages gave so far (<see cref="MatchRequests.AddCalibrationMessageAsync"/>): labelled
/// embeddings, skipped pictures, and the counts that number the next message's images and embeddings.
/// </summary>
public sealed class CalibrationSamples
{
    /// <summary>Labelled embeddings, checked.</summary>
    public List<(string Label, float[] Vector)> Embedded { get; } = [];

    /// <summary>Pictures in which nothing was found, each named with the reason.</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>Images received so far, skipped ones included.</summary>
    public int Images { get; set; }

    /// <summary>Embeddings received so far.</summary>
    public int Embeddings { get; set; }
}
