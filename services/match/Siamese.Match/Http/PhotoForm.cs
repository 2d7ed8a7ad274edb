using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Siamese.Contracts;

namespace Siamese.Match.Http;

/// <summary>
/// A photo request as sent by <c>curl -F image=@photo.jpg</c> (multipart/form-data: file parts and fields) or by
/// <c>curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg'</c> (the image as the body; fields in the query
/// string). Never reads more than the image limit per file.
/// </summary>
internal sealed class PhotoForm
{
    private readonly IFormCollection? _form;
    private readonly IQueryCollection _query;

    private PhotoForm(IReadOnlyList<(string Field, ByteString Image)> files, IFormCollection? form, IQueryCollection query)
    {
        Files = files;
        _form = form;
        _query = query;
    }

    /// <summary>The images, in the order sent, with the name of their form field ("image" for a raw body).</summary>
    public IReadOnlyList<(string Field, ByteString Image)> Files { get; }

    public static async Task<PhotoForm> ReadAsync(HttpRequest request, long maxImageBytes, int maxFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            var image = await ReadCappedAsync(request.Body, maxImageBytes, TooLarge("The image", maxImageBytes), cancellationToken).ConfigureAwait(false);
            return new PhotoForm([("image", image)], null, request.Query);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnreadable(ex, cancellationToken))
        {
            throw Unreadable(ex);
        }

        if (form.Files.Count > maxFiles)
        {
            throw new ServiceDefaults.LimitExceededException($"The request has {form.Files.Count} images; at most {maxFiles} are allowed per call.");
        }

        var files = new List<(string, ByteString)>(form.Files.Count);
        foreach (var file in form.Files)
        {
            if (file.Length > maxImageBytes)
            {
                throw new ServiceDefaults.LimitExceededException(
                    $"'{file.FileName}' is {file.Length} bytes; the limit is {maxImageBytes} bytes per image.");
            }

            await using var stream = file.OpenReadStream();
            files.Add((file.Name, await ReadCappedAsync(stream, maxImageBytes, TooLarge($"'{file.FileName}'", maxImageBytes), cancellationToken).ConfigureAwait(false)));
        }

        return new PhotoForm(files, form, request.Query);
    }

    /// <summary>
    /// Refuses a form field or query parameter that is not one of <paramref name="fields"/> (file parts are the images,
    /// whatever their name) with a 400 that names it.
    /// </summary>
    public void RefuseUnknown(params string[] fields)
    {
        var given = (_form?.Keys ?? Enumerable.Empty<string>()).Concat(_query.Keys);
        if (RequestFields.Unknown(given, fields) is { } error)
        {
            throw new ArgumentException(error);
        }
    }

    /// <summary>Refuses a file part whose name is not one of <paramref name="fields"/> (400, naming it).</summary>
    public void RefuseUnknownFiles(params string[] fields)
    {
        if (RequestFields.Unknown(Files.Select(f => f.Field), fields, "file parts") is { } error)
        {
            throw new ArgumentException(error);
        }
    }

    /// <summary>The first image of the field, or null.</summary>
    public ByteString? File(string field) =>
        Files.Where(f => string.Equals(f.Field, field, StringComparison.OrdinalIgnoreCase)).Select(f => f.Image).FirstOrDefault();

    /// <summary>The field's value: a form field first, then the query string; null when absent or blank.</summary>
    public string? Value(string name)
    {
        var value = _form is not null && _form.TryGetValue(name, out var v) ? v : StringValues.Empty;
        if (StringValues.IsNullOrEmpty(value))
        {
            value = _query[name];
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.ToString().Trim();
    }

    /// <summary>
    /// A truncated or malformed multipart body, which is the client's error (400), not the server's; Kestrel's own
    /// refusals (a body over its limit: 413) keep their status, and a cancelled request is not the body's fault.
    /// </summary>
    public static bool IsUnreadable(Exception ex, CancellationToken cancellationToken) =>
        ex is InvalidDataException or IOException && ex is not BadHttpRequestException && !cancellationToken.IsCancellationRequested;

    /// <summary>The error for a body <see cref="IsUnreadable"/> found unreadable.</summary>
    public static ArgumentException Unreadable(Exception ex) => new($"The multipart body could not be read: {ex.Message}", ex);

    public int Int(string name) =>
        Value(name) is not { } text ? 0
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : decimal.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? throw new ArgumentException($"'{name}' {text} is out of range: it is far past any value this call takes.")
            : throw new ArgumentException($"'{name}' must be a whole number, got '{text}'.");

    public float? Float(string name) =>
        Value(name) is not { } text ? null
        : float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f
        : throw new ArgumentException($"'{name}' must be a number, got '{text}'.");

    /// <summary>The error for <paramref name="what"/> ("The image", "'photo.jpg'") past the limit of bytes per image.</summary>
    public static Func<Exception> TooLarge(string what, long limit) =>
        () => new ServiceDefaults.LimitExceededException($"{what} is over the limit of {limit} bytes per image.");

    /// <summary>Reads <paramref name="body"/> to its end; <paramref name="tooLarge"/>'s error once it passes <paramref name="limit"/> bytes.</summary>
    public static async Task<ByteString> ReadCappedAsync(Stream body, long limit, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(tooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw tooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return UnsafeByteOperations.UnsafeWrap(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
