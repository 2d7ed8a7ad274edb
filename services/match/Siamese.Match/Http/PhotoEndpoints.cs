using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Siamese.Imaging;
using Siamese.Match.Grpc;
using Siamese.Protos.V1;
using Siamese.Security;
using Siamese.ServiceDefaults;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.Match.Http;

/// <summary>
/// The HTTP API for photos: enrol, identify, verify and report a wrong match with <c>multipart/form-data</c>
/// (<c>curl -F image=@photo.jpg</c>) or a raw <c>image/*</c> body, on the same routes as the JSON API (JSON
/// bodies, base64 images, are served by gRPC JSON transcoding; routing picks by content type). Answers are the
/// same JSON the JSON API gives. A calibration as a form of labelled photos, read part by part
/// (<see cref="CalibrationForm"/>). Also <c>GET /v1/model</c>, with the training and evaluation summaries as objects.
/// </summary>
public static class PhotoEndpoints
{
    private static readonly string[] PhotoTypes = ["multipart/form-data", "image/*", "application/octet-stream"];
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static IEndpointRouteBuilder MapPhotoEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/v1").WithTags("Match");
        Photo(api.MapPost("/tenants/{tenant}/subjects/{subjectId}/examples", EnrollAsync),
            "Enrol photos of a subject", "Form: one or more 'image' files, optional 'displayName'. Raw body: one image; ?displayName=.");
        Photo(api.MapPost("/tenants/{tenant}/identify", IdentifyAsync),
            "Identify the faces/items of a photo", "Form: 'image' file, optional 'topK', 'threshold'. Raw body: the image; ?topK=&threshold=.");
        Photo(api.MapPost("/tenants/{tenant}/verify", VerifyAsync),
            "Compare a photo with another or with a subject", "Form: 'image' file and 'otherImage' file or 'subjectId'; optional 'threshold'. Raw body: the image; ?subjectId=.");
        Photo(api.MapPost("/tenants/{tenant}/subjects/{subjectId}/wrong-matches", ReportWrongMatchAsync),
            "Report a wrong match (not this person)", "Form: the 'image' file that was wrongly answered with the subject. Raw body: the image.");

        api.MapPost("/tenants/{tenant}/calibration", CalibrateAsync)
            .Accepts<IFormFileCollection>("multipart/form-data")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new OtherBodyMetadata("a form of labelled photos (multipart/form-data, one file part per photo named by its label: " +
                "curl -F alice=@alice1.jpg -F alice=@alice2.jpg -F bob=@bob1.jpg)"))
            .WithSummary("Calibrate the tenant's threshold from labelled photos")
            .WithDescription("Form: one file part per photo, named by its label (-F alice=@a1.jpg -F alice=@a2.jpg -F bob=@b1.jpg); " +
                "optional 'targetFalseAcceptRate' and 'dryRun'. The photos are cut and embedded as they arrive, so one form may carry up to " +
                "5,000 of them, past the request body limit of the other routes. A JSON body (images base64) on the same route is the JSON API.")
            .DisableAntiforgery();

        // curl --data-binary @photo.jpg without a Content-Type sends a url-encoded form, which carries no file: without
        // these the JSON API would answer that the content type is not JSON, which does not say what to change.
        foreach (var route in (string[])["/tenants/{tenant}/subjects/{subjectId}/examples", "/tenants/{tenant}/identify",
                     "/tenants/{tenant}/verify", "/tenants/{tenant}/subjects/{subjectId}/wrong-matches"])
        {
            api.MapPost(route, NoFile).Accepts<string>("application/x-www-form-urlencoded").ExcludeFromDescription().DisableAntiforgery();
        }
        api.MapGet("/model", GetModel)
            .WithSummary("The model and index in use")
            .WithDescription("trainingData and evaluation are the model's summaries as JSON objects.")
            .Produces<JsonObject>(contentType: "application/json")
            .TakesNoQueryParameters();
        return endpoints;
    }

    private static void Photo(RouteHandlerBuilder route, string summary, string description) => route
        .Accepts<IFormFileCollection>(PhotoTypes[0], PhotoTypes[1..])
        .WithMetadata(new OtherBodyMetadata("a photo (multipart/form-data: curl -F image=@photo.jpg; or the raw body with its image/* type)"))
        .Produces(StatusCodes.Status200OK, contentType: "application/json")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .WithSummary(summary)
        .WithDescription(description + " A JSON body (images base64) on the same route is the JSON API.")
        .DisableAntiforgery();

    private static Task<IResult> EnrollAsync(string tenant, string subjectId, HttpContext http, MatchRequests requests, IOptions<MatchOptions> options, ImageLimits limits) =>
        RespondAsync(http, tenant, limits, options.Value.MaxExamplesPerEnroll, async (form, t) =>
        {
            form.RefuseUnknown("displayName");
            var request = new EnrollRequest { Tenant = t, SubjectId = RouteSubjectId.Decode(subjectId), DisplayName = form.Value("displayName") ?? "" };
            request.Images.AddRange(form.Files.Select(f => f.Image));
            return await requests.EnrollAsync(request, http.RequestAborted).ConfigureAwait(false);
        });

    private static Task<IResult> IdentifyAsync(string tenant, HttpContext http, MatchRequests requests, ImageLimits limits) =>
        RespondAsync(http, tenant, limits, 1, async (form, t) =>
        {
            form.RefuseUnknown("topK", "threshold");
            var request = new IdentifyRequest { Tenant = t, Image = Required(form, "image"), TopK = form.Int("topK") };
            if (form.Float("threshold") is { } threshold)
            {
                request.Threshold = threshold;
            }

            return await requests.IdentifyAsync(request, http.RequestAborted).ConfigureAwait(false);
        });

    private static Task<IResult> VerifyAsync(string tenant, HttpContext http, MatchRequests requests, ImageLimits limits) =>
        RespondAsync(http, tenant, limits, 2, async (form, t) =>
        {
            form.RefuseUnknown("subjectId", "threshold");
            form.RefuseUnknownFiles("image", "otherImage");
            var request = new VerifyRequest { Tenant = t, Image = Required(form, "image") };
            switch (form.File("otherImage"), form.Value("subjectId"))
            {
                case ({ } other, null):
                    request.OtherImage = other;
                    break;
                case (null, { } subject):
                    request.SubjectId = subject;
                    break;
                case (null, null):
                    throw new ArgumentException("The request has nothing to compare the image with: send -F otherImage=@other.jpg, or -F subjectId=<id> (?subjectId= with a raw body).");
                default:
                    // Before, the subject was ignored without a word and the two images compared.
                    throw new ArgumentException("The request names both an 'otherImage' and a 'subjectId': send one of them, the image or the subject to compare with.");
            }

            if (form.Float("threshold") is { } threshold)
            {
                request.Threshold = threshold;
            }

            return await requests.VerifyAsync(request, http.RequestAborted).ConfigureAwait(false);
        });

    private static Task<IResult> ReportWrongMatchAsync(
        string tenant, string subjectId, HttpContext http, MatchRequests requests, ImageLimits limits) =>
        RespondAsync(http, tenant, limits, 1, async (form, t) =>
        {
            form.RefuseUnknown();
            var request = new ReportWrongMatchRequest { Tenant = t, SubjectId = RouteSubjectId.Decode(subjectId), Image = Required(form, "image") };
            return await requests.ReportWrongMatchAsync(request, http.RequestAborted).ConfigureAwait(false);
        });

    private static Task<IResult> CalibrateAsync(string tenant, HttpContext http, MatchRequests requests, ImageLimits limits) =>
        AnswerAsync(async () => await CalibrationForm.CalibrateAsync(http, TenantOf(http, tenant), requests, limits).ConfigureAwait(false));

    private static IResult NoFile(HttpContext http) => TypedResults.Problem(
        $"Content type '{http.Request.ContentType}' carries no file: send the photo as multipart/form-data (curl -F image=@photo.jpg), " +
        "as the raw body with its image/* type (curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg') or as JSON with base64 images.",
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not an image");

    private static IResult GetModel(MatchRequests requests)
    {
        try
        {
            var info = JsonNode.Parse(Json.Format(requests.GetModelInfo()))!;
            if (info["model"] is JsonObject model)
            {
                // The summaries travel as JSON text in the proto (free-form); a REST reader wants them as objects.
                foreach (var key in new[] { "trainingData", "evaluation" })
                {
                    model[key] = model[key]?.GetValue<string>() is { Length: > 0 } text ? ParseOrKeep(text) : null;
                }
            }

            return Results.Text(info.ToJsonString(), "application/json");
        }
        catch (Exception ex) when (HttpProblems.For(ex) is { } problem)
        {
            return problem;
        }
    }

    private static JsonNode? ParseOrKeep(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>
    /// The tenant of the call: the key's own (the path may only repeat it), as the gRPC routes get it from TenantInterceptor,
    /// which these endpoints do not pass through. Another tenant's name is 403 whether or not that tenant exists.
    /// </summary>
    private static string TenantOf(HttpContext http, string tenant) => TenantAccess.Resolve(http.User, tenant) ?? "";

    private static ByteString Required(PhotoForm form, string field) =>
        form.File(field) ?? (form.Files.Count > 0 ? form.Files[0].Image : throw new ArgumentException($"The request has no '{field}' file: send the photo as -F {field}=@photo.jpg."));

    /// <summary>Reads the photo form and answers; <paramref name="handle"/> gets the form and the call's tenant (refused before the body is read).</summary>
    private static Task<IResult> RespondAsync(HttpContext http, string tenant, ImageLimits limits, int maxFiles, Func<PhotoForm, string, Task<IMessage>> handle) =>
        AnswerAsync(async () =>
        {
            var resolved = TenantOf(http, tenant);
            var form = await PhotoForm.ReadAsync(http.Request, limits.MaxBytes, maxFiles, http.RequestAborted).ConfigureAwait(false);
            return await handle(form, resolved).ConfigureAwait(false);
        });

    /// <summary>The reply as the JSON API's JSON, or the problem for an expected failure.</summary>
    private static async Task<IResult> AnswerAsync(Func<Task<IMessage>> reply)
    {
        try
        {
            return Results.Text(Json.Format(await reply().ConfigureAwait(false)), "application/json");
        }
        catch (Exception ex) when (HttpProblems.For(ex) is { } problem)
        {
            return problem;
        }
    }
}
