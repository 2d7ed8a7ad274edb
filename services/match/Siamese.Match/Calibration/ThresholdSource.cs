namespace Siamese.Match.Calibration;

/// <summary>Where a decision threshold comes from.</summary>
public enum ThresholdSource
{
    /// <summary>The model's calibrated threshold (the default).</summary>
    Model,

    /// <summary>The tenant's own calibration.</summary>
    Tenant,

    /// <summary>The caller's override.</summary>
    Request,
}
