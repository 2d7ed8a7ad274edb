namespace Siamese.Match;

/// <summary>
/// Index tenants the service keeps beside a tenant's gallery. Their names hold '#', which
/// <see cref="Identifiers.Tenant"/> never accepts, so no caller can name (and so read or write) them, and a search of
/// the tenant's own gallery never sees them. They live in the vector index so that they are exactly as durable as
/// the enrolments and, with Qdrant, shared by every match replica.
/// </summary>
internal static class ReservedTenants
{
    /// <summary>The negative examples ("not this person" reports) of the tenant's subjects, under the subjects' ids.</summary>
    public static string WrongMatches(string tenant) => tenant + "#wrong-matches";

    /// <summary>The tenant's calibrated threshold (one record).</summary>
    public static string Calibration(string tenant) => tenant + "#calibration";
}
