namespace Siamese.Ingest;

/// <summary>Where a frame is in the pipeline.</summary>
public enum FrameState
{
    /// <summary>On the bus, not finished yet.</summary>
    Queued,

    /// <summary>Identified; the result is available.</summary>
    Done,

    /// <summary>Could not be processed; the reason says why.</summary>
    Failed,
}
