using System.Text;

namespace Siamese.Index;

/// <summary>
/// The <see cref="SubjectPage.NextPageToken"/> of every index: the last subject id of the page, Base64 of its UTF-8
/// bytes (opaque to callers; the next page starts after that id).
/// </summary>
public static class SubjectPageToken
{
    public static string Encode(string lastSubjectId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastSubjectId));

    /// <returns>The last subject id of the previous page, or null for the first page.</returns>
    /// <exception cref="ArgumentException">The token is not one an index returned.</exception>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            // No parameter name: the message reaches API callers, to whom "(Parameter 'token')" means nothing.
            throw new ArgumentException("Page token is not one this service returned: pass next_page_token of the previous page, or none for the first.");
        }
    }
}
