namespace Siamese.Model;

/// <summary>
/// How many identities (people or items; a tenant calibration's labels) a threshold calibrated for a false-accept rate
/// should rest on. Its impostor pairs come from pairs of those identities: with a handful of them, thousands of pairs
/// still stand for a few look-alike pairs, and the rate on new people can be many times the target (a 20-class set
/// with 2 validation identities: 13.6% on test for a 0.1% target). The trainer and a tenant's calibration both warn below it.
/// </summary>
public static class CalibrationIdentities
{
    /// <summary>Below this many identities a calibration is reported as resting on too few.</summary>
    public const int Minimum = 10;
}
