namespace Siamese.Ingest;

/// <summary>The 202 body: the frame's id and where to fetch its status.</summary>
public sealed record FrameAccepted(Guid FrameId, string Status, string StatusUrl);
