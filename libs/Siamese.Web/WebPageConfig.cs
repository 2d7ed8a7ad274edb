namespace Siamese.Web;

/// <summary>
/// What <c>/ui/config.json</c> tells the page: the base URL of each API ("" for this host, null when none is
/// reachable from here).
/// </summary>
internal sealed record WebPageConfig(string? Match, string? Ingest);
