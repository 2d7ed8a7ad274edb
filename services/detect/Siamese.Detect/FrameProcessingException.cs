namespace Siamese.Detect;

/// <summary>
/// A frame that can never be processed (unreadable image, no regions for the regions detector): reported as
/// failed with this message instead of being retried.
/// </summary>
public sealed class FrameProcessingException : Exception
{
    public FrameProcessingException()
    {
    }

    public FrameProcessingException(string message)
        : base(message)
    {
    }

    public FrameProcessingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
