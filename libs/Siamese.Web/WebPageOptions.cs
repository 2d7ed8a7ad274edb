namespace Siamese.Web;

/// <summary>Settings of the web page (section <c>Web</c>).</summary>
public sealed class WebPageOptions
{
    public const string SectionName = "Web";

    /// <summary>Serve the page at <c>/</c>. Off: the host serves its APIs only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where the page finds the match API when this host does not serve it (the ingest host), for example
    /// <c>https://match.example.com</c>; that host must allow this page's origin (CORS). Empty: this host's own API,
    /// or none (the page then says which tabs need it).
    /// </summary>
    public string? MatchApiUrl { get; set; }

    /// <summary>Where the page finds the ingest API (frames, the camera result stream) when this host does not serve it.</summary>
    public string? IngestApiUrl { get; set; }
}
