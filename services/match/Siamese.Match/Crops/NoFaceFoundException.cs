namespace Siamese.Match.Crops;

/// <summary>An image in which the crop planner found no face or item: gRPC INVALID_ARGUMENT, the input is at fault.</summary>
public sealed class NoFaceFoundException : ArgumentException
{
    public NoFaceFoundException()
    {
    }

    public NoFaceFoundException(string message)
        : base(message)
    {
    }

    public NoFaceFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
