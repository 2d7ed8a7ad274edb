namespace Siamese.Detection;

/// <summary>
/// A picture that cannot be cut as configured (the regions detector without regions, a region outside the frame):
/// the input or the camera's settings are at fault, so it is reported, never retried.
/// </summary>
public sealed class CropPlanningException : ArgumentException
{
    public CropPlanningException()
    {
    }

    public CropPlanningException(string message)
        : base(message)
    {
    }

    public CropPlanningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
