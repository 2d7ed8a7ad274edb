namespace Siamese.Reliability.BadInputs;

/// <summary>Names that break the shared rules (tenant, subject, display name, camera): too long, control characters, paths.</summary>
public static class BadNames
{
    /// <summary>Tenants no key can act for: malformed names, and well-formed names of other tenants (refused alike).</summary>
    public static IReadOnlyList<string> Tenants { get; } =
    [
        "../../etc", "..", ".", "a/b", "a\\b", "tenant with spaces", "tab\there", "new\nline", "nul\0", "ümlaut", "😀",
        new string('t', 65), new string('t', 30_000), "-leading-dash", "_leading", "other-tenant", "default", "admin",
        "%2e%2e", "a;drop table", "<script>", "\u202Eevil",

        // The service's reserved index tenants (wrong-match reports, calibration) of the caller's own and another tenant.
        "acme#wrong-matches", "acme#calibration", "other-tenant#calibration", "default#wrong-matches",
    ];

    /// <summary>Subject ids the rules refuse (1..256 characters, no control characters, not blank).</summary>
    public static IReadOnlyList<string> Subjects { get; } =
    [
        "", " ", "\t", "   \n ", "nul\0inside", "bell\a", "esc\u001b[31m", "line\nfeed", "carriage\rreturn", new string('s', 257),
        new string('s', 30_000), "\u0085next-line", "del\u007f",
    ];

    /// <summary>Display names the rules refuse (at most 256 characters, no control characters).</summary>
    public static IReadOnlyList<string> DisplayNames { get; } =
    [
        new string('d', 257), new string('d', 3 * 1024 * 1024 / 4), "nul\0", "line\nfeed", "esc\u001b[2J", "bell\a",
    ];

    /// <summary>Camera ids the rules refuse (1..128 of letters, digits, '.', '_', ':', '-').</summary>
    public static IReadOnlyList<string> Cameras { get; } =
    [
        "", " ", "../cam", "cam/1", "cam 1", "cam\n1", new string('c', 129), new string('c', 20_000), "-cam", "ça", "cam%00", "cam?x=1",
    ];
}
