using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Siamese.Contracts;
using Siamese.Imaging;

namespace Siamese.Ingest;

/// <summary>
/// Reads <c>POST /v1/frames</c>: either the image as the body (its content type; camera id, regions in the query
/// or headers) or multipart/form-data with an <c>image</c> file and <c>cameraId</c>, <c>regions</c> fields (a <c>tenant</c>
/// field may only repeat the tenant already settled: <see cref="IngestTenant"/>).
/// Never reads more than the frame limit allows.
/// </summary>
internal static class FrameRequestReader
{
    /// <summary>Names the tenant; only the API key's own tenant is accepted (the key decides it when absent).</summary>
    public const string TenantHeader = "X-Tenant";
    public const string CameraHeader = "X-Camera-Id";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The frame, for <paramref name="tenant"/> (the caller's, from its key: <see cref="IngestTenant"/>).</summary>
    public static async Task<FrameSubmission> ReadAsync(HttpRequest request, string tenant, ImageLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadBodyAsync(request, tenant, limits, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's request body limit, where an operator set it below the image limit (a chunked body, whose size
            // was not announced, or any body with one): Kestrel's own answer was a bare 413 without a word of why.
            throw FrameRejectedException.TooLarge(ex.Message, ex);
        }
    }

    private static async Task<FrameSubmission> ReadBodyAsync(HttpRequest request, string tenant, ImageLimits limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limits.MaxBytes + (request.HasFormContentType ? 64 * 1024 : 0))
        {
            throw FrameRejectedException.TooLarge($"The frame is {request.ContentLength} bytes; the limit is {limits.MaxBytes}.");
        }

        var key = Header(request, IdempotencyHeader);
        if (request.HasFormContentType)
        {
            return await ReadMultipartAsync(request, limits, tenant, key, cancellationToken).ConfigureAwait(false);
        }

        RefuseUnknown(request.Query.Keys, QueryFields);
        var contentType = request.ContentType ?? "";
        CheckContentType(contentType);
        var camera = Camera(request.Query["cameraId"].FirstOrDefault() ?? Header(request, CameraHeader));
        var regions = RegionsParser.Parse(request.Query["regions"].FirstOrDefault() ?? Header(request, "X-Regions"));
        var image = await ReadCappedAsync(request.Body, request.ContentLength, limits.MaxBytes, cancellationToken).ConfigureAwait(false);
        return new FrameSubmission(tenant, camera, contentType, image, regions, CheckKey(key));
    }

    private static async Task<FrameSubmission> ReadMultipartAsync(
        HttpRequest request, ImageLimits limits, string tenant, string? key, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw FrameRejectedException.Corrupt($"The multipart body could not be read: {ex.Message}", ex);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } && !cancellationToken.IsCancellationRequested)
        {
            // A body that ends inside a part (no closing boundary) surfaces as an IOException, not InvalidDataException.
            throw FrameRejectedException.Corrupt("The multipart body ends early: every part and the closing boundary must arrive.", ex);
        }

        if (form.Files.Count > 1)
        {
            // A frame is one picture: taking the first part would drop the others without a word.
            throw FrameRejectedException.BadMetadata(
                $"The multipart body has {form.Files.Count} file parts ({string.Join(", ", form.Files.Take(5).Select(f => $"'{NameRules.Shorten(f.Name)}'"))}{(form.Files.Count > 5 ? ", …" : "")}): a frame is one image, so post each frame on its own.");
        }

        var file = form.Files.GetFile("image") ?? form.Files.FirstOrDefault()
            ?? throw NoFile(request.ContentType ?? "");
        RefuseUnknown(request.Query.Keys, QueryFields);
        RefuseUnknown(form.Keys, FormFields);
        if (file.Length > limits.MaxBytes)
        {
            throw FrameRejectedException.TooLarge($"The frame is {file.Length} bytes; the limit is {limits.MaxBytes}.");
        }

        if (form[IngestTenant.QueryName].FirstOrDefault() is { } formTenant && !string.IsNullOrWhiteSpace(formTenant)
            && !string.Equals(formTenant, tenant, StringComparison.Ordinal))
        {
            // The tenant is settled before the body is read (the key, X-Tenant or ?tenant=), so a form field can only repeat it.
            throw FrameRejectedException.BadMetadata(
                $"The form's '{IngestTenant.QueryName}' field names tenant '{NameRules.Shorten(formTenant)}' but this frame is for '{tenant}': name the tenant with the {TenantHeader} header or ?{IngestTenant.QueryName}=.");
        }

        var contentType = file.ContentType ?? "";
        CheckContentType(contentType);
        var camera = Camera(form["cameraId"].FirstOrDefault() ?? request.Query["cameraId"].FirstOrDefault() ?? Header(request, CameraHeader));
        var regions = RegionsParser.Parse(form["regions"].FirstOrDefault() ?? request.Query["regions"].FirstOrDefault());
        key ??= form["idempotencyKey"].FirstOrDefault();
        await using var stream = file.OpenReadStream();
        var image = await ReadCappedAsync(stream, file.Length, limits.MaxBytes, cancellationToken).ConfigureAwait(false);
        return new FrameSubmission(tenant, camera, contentType, image, regions, CheckKey(key));
    }

    // The fields a frame takes; the image is the body or the form's file part (the idempotency key is otherwise a header).
    private static readonly string[] QueryFields = ["cameraId", "regions", IngestTenant.QueryName];
    private static readonly string[] FormFields = [.. QueryFields, "idempotencyKey"];

    private static void RefuseUnknown(IEnumerable<string> given, IReadOnlyCollection<string> fields)
    {
        if (RequestFields.Unknown(given, fields) is { } error)
        {
            throw FrameRejectedException.BadMetadata(error);
        }
    }

    // A form without a file: curl's --data-binary sends a frame as a url-encoded form unless told its type, and that
    // form carries no file at all, so it is the content type, not a missing part, that the sender has to change.
    private static FrameRejectedException NoFile(string contentType) =>
        contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? FrameRejectedException.NotAnImage(
                $"Content type '{contentType}' carries no file: send the frame as the body with its image/* type (curl --data-binary @frame.jpg -H 'Content-Type: image/jpeg') or as multipart/form-data with an 'image' file part (curl -F image=@frame.jpg).")
            : FrameRejectedException.BadMetadata("The multipart body has no 'image' file part (curl -F image=@frame.jpg).");

    private static void CheckContentType(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !(media.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                 || media.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)))
        {
            throw FrameRejectedException.NotAnImage(
                $"Content type '{contentType}' is not an image: send image/* (JPEG, PNG, BMP, WebP, GIF, PGM) or multipart/form-data.");
        }
    }

    private static string Camera(string? camera)
    {
        if (string.IsNullOrWhiteSpace(camera))
        {
            throw FrameRejectedException.BadMetadata("The camera id is missing: pass ?cameraId=, the X-Camera-Id header or a 'cameraId' form field.");
        }

        return NameRules.CameraError(camera) is { } error ? throw FrameRejectedException.BadMetadata(error) : camera;
    }

    private static string? CheckKey(string? key) =>
        key is null || (key.Length is > 0 and <= 200 && !key.Any(char.IsControl))
            ? key
            : throw FrameRejectedException.BadMetadata("The idempotency key must be 1-200 printable characters.");

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

    /// <summary>
    /// The body's bytes, never more than <paramref name="limit"/>. With a declared length (checked against the limit
    /// before) the frame is read straight into an array of that size: no growing buffer, no copy.
    /// </summary>
    private static async Task<byte[]> ReadCappedAsync(Stream body, long? declared, long limit, CancellationToken cancellationToken)
    {
        if (declared is { } length && length <= limit)
        {
            var image = new byte[length];
            try
            {
                await body.ReadExactlyAsync(image, cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException ex)
            {
                throw FrameRejectedException.Corrupt($"The body ended before the {length} bytes it declared.", ex);
            }

            var extra = new byte[1];
            if (await body.ReadAsync(extra, cancellationToken).ConfigureAwait(false) > 0)
            {
                throw FrameRejectedException.Corrupt($"The body holds more than the {length} bytes it declared.");
            }

            return image;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw FrameRejectedException.TooLarge($"The frame is over the limit of {limit} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
