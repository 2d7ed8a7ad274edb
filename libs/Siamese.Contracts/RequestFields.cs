namespace Siamese.Contracts;

/// <summary>
/// The fields an HTTP call takes, by name (form fields and query parameters; names compare as ASP.NET Core looks them up,
/// ignoring case). A name the call does not take is refused rather than ignored: a misspelt option (<c>top_k</c> for
/// <c>topK</c>, <c>region</c> for <c>regions</c>) would otherwise leave the call to answer with the default, without a word.
/// </summary>
public static class RequestFields
{
    /// <summary>
    /// Why the request is refused, naming its first unknown field and the ones the call takes (as <paramref name="kind"/>);
    /// null when it has none.
    /// </summary>
    public static string? Unknown(IEnumerable<string> given, IReadOnlyCollection<string> known, string kind = "form fields or query parameters")
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        var unknown = given.FirstOrDefault(name => !known.Contains(name, StringComparer.OrdinalIgnoreCase));
        return unknown is null ? null
            : $"'{NameRules.Shorten(unknown)}' is not a field of this call, which takes " +
              (known.Count == 0 ? "none besides the image" : string.Join(", ", known.Select(k => $"'{k}'"))) +
              $" ({kind}): check its spelling.";
    }
}
