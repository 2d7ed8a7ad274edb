using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Siamese.Contracts;
using Siamese.Imaging;
using Siamese.Match.Calibration;
using Siamese.Match.Grpc;
using Siamese.Protos.V1;

namespace Siamese.Match.Http;

/// <summary>
/// A calibration sent as <c>multipart/form-data</c>: one file part per picture, named by its label
/// (<c>curl -F alice=@a1.jpg -F alice=@a2.jpg -F bob=@b1.jpg</c>), and the fields <c>targetFalseAcceptRate</c> and
/// <c>dryRun</c> (form or query string, before or after the files). The body is read part by part and the pictures
/// are cut and embedded in batches as they arrive (<see cref="MatchRequests.AddCalibrationMessageAsync"/>, as for each
/// message of <c>CalibrateStream</c>), so only embeddings are held: its size is bounded by the calibration's limits
/// (<see cref="ThresholdCalibrator.MaxSamples"/> pictures of at most <see cref="ImageLimits.MaxBytes"/>), not by the
/// server's request body limit, which this request lifts to those.
/// </summary>
internal static class CalibrationForm
{
    /// <summary>The fields the form takes besides its files.</summary>
    public static readonly string[] Fields = ["targetFalseAcceptRate", "dryRun"];

    // Pictures cut and embedded together (a batch has a pixel budget of its own, as a message of the stream has).
    private const int BatchImages = 16;

    // A field's value is a number or true/false.
    private const int MaxFieldBytes = 1024;

    // Each part's headers; the multipart boundary line and the whole of the part's headers.
    private const int MaxHeaderBytes = 16 * 1024;

    public static async Task<CalibrateResponse> CalibrateAsync(HttpContext http, string tenant, MatchRequests requests, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(limits);
        var ct = http.RequestAborted;
        var boundary = Boundary(http.Request.ContentType);
        if (RequestFields.Unknown(http.Request.Query.Keys, Fields, "query parameters") is { } unknownQuery)
        {
            throw new ArgumentException(unknownQuery);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // The calibration's own limits bound it: so many pictures, each at most the image limit.
            bodyLimit.MaxRequestBodySize = ThresholdCalibrator.MaxSamples * (limits.MaxBytes + MaxHeaderBytes);
        }

        var (target, dryRun) = (0.0, false);
        foreach (var field in Fields)
        {
            if (http.Request.Query[field].ToString() is { Length: > 0 } given && !string.IsNullOrWhiteSpace(given))
            {
                Set(field, given, ref target, ref dryRun);
            }
        }

        var samples = new CalibrationSamples();
        var batch = new CalibrateRequest();
        var (names, batchBytes) = (new List<string>(BatchImages), 0L);
        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = MaxHeaderBytes, BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(ct).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException("A part of the form has no 'Content-Disposition: form-data' header naming it.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (!disposition.IsFileDisposition())
                {
                    if (RequestFields.Unknown([name], Fields, "form fields; each file part is a picture, named by its label") is { } unknownField)
                    {
                        throw new ArgumentException(unknownField);
                    }

                    var value = await PhotoForm.ReadCappedAsync(section.Body, MaxFieldBytes,
                        () => new ArgumentException($"The field '{name}' is longer than {MaxFieldBytes} bytes."), ct).ConfigureAwait(false);
                    Set(name, value.ToStringUtf8().Trim(), ref target, ref dryRun);
                    continue;
                }

                var fileName = NameRules.Shorten(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "");
                var image = await PhotoForm.ReadCappedAsync(section.Body, limits.MaxBytes,
                    PhotoForm.TooLarge($"image {samples.Images + batch.Images.Count} ('{fileName}')", limits.MaxBytes), ct).ConfigureAwait(false);
                batch.Images.Add(new LabelledImage { Label = name, Image = image });
                names.Add(fileName);
                batchBytes += image.Length;

                // A batch holds at most about twice the image limit, however large the form.
                if (batch.Images.Count == BatchImages || batchBytes >= limits.MaxBytes)
                {
                    await requests.AddCalibrationMessageAsync(batch, samples, names, ct).ConfigureAwait(false);
                    (batch, batchBytes) = (new CalibrateRequest(), 0);
                    names.Clear();
                }
            }
        }
        catch (Exception ex) when (PhotoForm.IsUnreadable(ex, ct))
        {
            throw PhotoForm.Unreadable(ex);
        }

        if (batch.Images.Count > 0)
        {
            await requests.AddCalibrationMessageAsync(batch, samples, names, ct).ConfigureAwait(false);
        }

        return await requests.FinishCalibrationAsync(tenant, target, dryRun, samples, ct).ConfigureAwait(false);
    }

    // A field's value, checked as it arrives (before the pictures after it are cut and embedded); a form field after a
    // query parameter of the same name wins.
    private static void Set(string field, string value, ref double target, ref bool dryRun)
    {
        if (string.Equals(field, "dryRun", StringComparison.OrdinalIgnoreCase))
        {
            dryRun = value.Length == 0 ? false
                : bool.TryParse(value, out var flag) ? flag
                : throw new ArgumentException($"'dryRun' must be true or false, got '{NameRules.Shorten(value)}'.");
        }
        else
        {
            target = value.Length == 0 ? 0
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed
                : throw new ArgumentException($"'targetFalseAcceptRate' must be a number, got '{NameRules.Shorten(value)}'.");
            if (target != 0)
            {
                ThresholdCalibrator.CheckTarget(target);
            }
        }
    }

    // The boundary of a multipart/form-data body; anything else is refused saying what to send.
    private static string Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Content type '{contentType}' is not a calibration form: send the pictures as multipart/form-data, one file part per picture named by its label " +
                "(curl -F alice=@alice1.jpg -F alice=@alice2.jpg -F bob=@bob1.jpg -F targetFalseAcceptRate=0.01), or as JSON with base64 images.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 70
            ? throw new ArgumentException("The multipart/form-data content type has no valid boundary (1 to 70 characters).")
            : boundary;
    }
}
