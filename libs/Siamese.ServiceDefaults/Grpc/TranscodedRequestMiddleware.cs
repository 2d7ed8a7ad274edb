using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Endpoint = Microsoft.AspNetCore.Http.Endpoint;
using Microsoft.Extensions.Logging;

namespace Siamese.ServiceDefaults.Grpc;

/// <summary>
/// Reads a JSON (transcoded) request against its protobuf message before gRPC JSON transcoding does, and refuses what
/// transcoding would take silently or answer vaguely: a field or query parameter the message does not have (transcoding
/// ignores it, so a misspelt <c>top_kk</c> answers with the default), bytes that are not base64, and a value of the wrong
/// JSON kind (transcoding says only "Request JSON payload is not correctly formatted."). The answer is transcoding's own
/// error shape (<c>code</c> 3, <c>message</c>, HTTP 400) naming the field and the fields the message has; a body not
/// declared JSON is answered with what the call takes. The body is buffered and handed on unchanged.
/// </summary>
public sealed partial class TranscodedRequestMiddleware(
    RequestDelegate next, IEnumerable<EndpointDataSource> endpointSources, ILogger<TranscodedRequestMiddleware> logger)
{
    /// <summary>Per transcoded endpoint: what it takes, worked out once from its method and HTTP rule.</summary>
    private readonly ConcurrentDictionary<Endpoint, Route> _routes = new();

    /// <summary>As transcoding writes its errors: quotes and apostrophes in the message as they are, not \u0027.</summary>
    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        var metadata = endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
        string? problem;
        var status = StatusCodes.Status400BadRequest;
        var code = 3; // INVALID_ARGUMENT
        try
        {
            problem = metadata is null ? null
                : await ProblemAsync(context.Request, _routes.GetOrAdd(endpoint!, e => Describe(e, metadata))).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's refusal while the body is read: over its request body limit (413), or a body that is not valid
            // HTTP. Kestrel's own answer was the status alone, without a word of why.
            problem = ex.Message;
            status = ex.StatusCode;
            code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? 8 : 3; // RESOURCE_EXHAUSTED, as gRPC for a message over its limit
        }

        if (problem is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        LogRefused(logger, metadata!.MethodDescriptor.FullName, problem);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { code, message = problem, details = Array.Empty<object>() }, ErrorJson),
            context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// What a transcoded endpoint takes. <paramref name="Routed"/>: the proto names of the fields its URL binds;
    /// <paramref name="BodyMessage"/>: the message its JSON body holds (null without a body); <paramref name="OtherBody"/>:
    /// what another endpoint on the same route takes (<see cref="OtherBodyMetadata"/>: a photo, say), or null.
    /// </summary>
    private sealed record Route(MessageDescriptor Message, string Body, HashSet<string> Routed, MessageDescriptor? BodyMessage, string? OtherBody)
    {
        /// <summary>With body "*", the fields the URL binds are not the body's to give.</summary>
        public bool Bound(FieldDescriptor field) => Body == "*" && Routed.Contains(field.Name);
    }

    private Route Describe(Endpoint endpoint, GrpcJsonTranscodingMetadata metadata)
    {
        var message = metadata.MethodDescriptor.InputType;
        var rule = metadata.HttpRule;
        var otherBody = endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern }
            ? endpointSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText == pattern).Select(e => e.Metadata.GetMetadata<OtherBodyMetadata>()?.Description).FirstOrDefault(d => d is not null)
            : null;
        return new Route(message, rule.Body, RouteFields(rule),
            rule.Body == "*" ? message : rule.Body.Length > 0 ? FieldPath(message, rule.Body)?.MessageType : null, otherBody);
    }

    private static async Task<string?> ProblemAsync(HttpRequest request, Route route)
    {
        var bodyMessage = route.BodyMessage;
        if (bodyMessage is not null && !IsJson(request.ContentType))
        {
            // Transcoding says only that the type "is not a known JSON content type"; say what the call takes.
            var sent = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType.Split(';')[0]}'";
            var json = $"a JSON body (Content-Type: application/json{(HasBytes(bodyMessage, []) ? "; images as base64 text" : "")}) with {Fields(bodyMessage, route.Bound)}";
            return route.OtherBody is { } other
                ? $"This call takes {other} or {json}; the request has {sent}."
                : $"This call takes {json}; the request has {sent}.";
        }

        if (QueryProblem(request.Query, route.Message, route.Body, route.Routed) is { } queryProblem)
        {
            return queryProblem;
        }

        if (bodyMessage is null)
        {
            return null;
        }

        request.EnableBuffering();
        try
        {
            if (await request.Body.ReadAsync(new byte[1], request.HttpContext.RequestAborted).ConfigureAwait(false) == 0)
            {
                return $"The request body is empty: send a JSON object (this call takes {Fields(bodyMessage, route.Bound)}).";
            }

            request.Body.Position = 0;
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            return MessageProblem(document.RootElement, bodyMessage, route.Body == "*" ? "" : route.Body, route.Bound);
        }
        catch (JsonException ex)
        {
            return $"The request body is not valid JSON: {ex.Message}";
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static bool HasBytes(MessageDescriptor message, HashSet<MessageDescriptor> seen) =>
        seen.Add(message) && message.Fields.InDeclarationOrder().Any(f => f.FieldType == FieldType.Bytes
            || (f.FieldType == FieldType.Message && !IsWellKnown(f.MessageType) && HasBytes(f.MessageType, seen)));

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The proto names of the fields the route's template binds (<c>{tenant}</c>, <c>{subject_id}</c>).</summary>
    private static HashSet<string> RouteFields(HttpRule rule)
    {
        var template = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
            _ => "",
        };
        return [.. RouteVariable().Matches(template).Select(m => m.Groups[1].Value.Split('.')[0])];
    }

    [GeneratedRegex(@"\{([^}=]+)")]
    private static partial Regex RouteVariable();

    private static string? QueryProblem(IQueryCollection query, MessageDescriptor message, string body, HashSet<string> routed)
    {
        foreach (var (key, values) in query)
        {
            if (body == "*")
            {
                return $"'{key}' is not a query parameter of this call, which takes none: its fields go in the JSON body.";
            }

            var field = FieldPath(message, key);
            if (field is null || routed.Contains(key.Split('.')[0]) || (body.Length > 0 && key.Split('.')[0] == body))
            {
                var takes = Fields(message, f => routed.Contains(f.Name) || f.Name == body);
                return $"'{key}' is not a query parameter of this call, which takes {(takes == "no field" ? "none" : takes)}.";
            }

            foreach (var value in values)
            {
                if (ScalarTextProblem(field, value ?? "") is { } problem)
                {
                    return $"Query parameter '{key}' {problem}";
                }
            }
        }

        return null;
    }

    /// <summary>The field a dotted path names (JSON or proto names at each step), or null.</summary>
    private static FieldDescriptor? FieldPath(MessageDescriptor message, string path)
    {
        FieldDescriptor? field = null;
        foreach (var part in path.Split('.'))
        {
            if (field is not null)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated)
                {
                    return null;
                }

                message = field.MessageType;
            }

            field = Find(message, part);
            if (field is null)
            {
                return null;
            }
        }

        return field;
    }

    private static FieldDescriptor? Find(MessageDescriptor message, string name) =>
        message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name || f.Name == name);

    private static string? MessageProblem(JsonElement element, MessageDescriptor message, string path, Func<FieldDescriptor, bool> bound)
    {
        if (IsWellKnown(message) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{Name(path)} must be a JSON object, not {Kind(element)}.";
        }

        var oneofs = new Dictionary<OneofDescriptor, string>();
        foreach (var property in element.EnumerateObject())
        {
            var field = Find(message, property.Name);
            if (field?.RealContainingOneof is { } oneof && property.Value.ValueKind != JsonValueKind.Null
                && !oneofs.TryAdd(oneof, property.Name))
            {
                return $"{(path.Length == 0 ? "The request" : path)} sets both '{oneofs[oneof]}' and '{property.Name}', which are alternatives: send one of "
                    + $"{string.Join(", ", oneof.Fields.Select(f => $"'{f.JsonName}'"))}.";
            }

            if (field is not null && bound(field))
            {
                return $"Field '{property.Name}' is taken from the URL path, not the JSON body: leave it out of the body.";
            }

            if (field is null)
            {
                return path.Length == 0
                    ? $"'{property.Name}' is not a field of this call, which takes {Fields(message, bound)} in its JSON body."
                    : $"'{Join(path, property.Name)}' is not a field of this call: {path} takes {Fields(message, bound)}.";
            }

            if (FieldProblem(property.Value, field, Join(path, property.Name)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string Fields(MessageDescriptor message, Func<FieldDescriptor, bool> bound) =>
        string.Join(", ", message.Fields.InDeclarationOrder().Where(f => !bound(f)).Select(f => $"'{f.JsonName}'")) is { Length: > 0 } names
            ? names
            : "no field";

    private static string? FieldProblem(JsonElement value, FieldDescriptor field, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.IsMap)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                return $"{path} must be a JSON object, not {Kind(value)}.";
            }

            var valueField = field.MessageType.FindFieldByNumber(2);
            return value.EnumerateObject().Select(entry => ValueProblem(entry.Value, valueField, $"{path}.{entry.Name}"))
                .FirstOrDefault(p => p is not null);
        }

        if (field.IsRepeated)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                return $"{path} must be a JSON array, not {Kind(value)}.";
            }

            return value.EnumerateArray().Select((item, i) => ValueProblem(item, field, $"{path}[{i}]")).FirstOrDefault(p => p is not null);
        }

        return ValueProblem(value, field, path);
    }

    private static string? ValueProblem(JsonElement value, FieldDescriptor field, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.FieldType == FieldType.Message)
        {
            return MessageProblem(value, field.MessageType, path, _ => false);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return ScalarTextProblem(field, value.GetString()!) is { } problem ? $"{path} {problem}" : null;
        }

        if (value.ValueKind == JsonValueKind.Number && IsWholeNumberField(field) && !value.TryGetInt64(out _) && !value.TryGetUInt64(out _)
            && value.TryGetDecimal(out var whole) && whole == decimal.Truncate(whole))
        {
            return $"{path} {PlainDigits(value.GetRawText())}";
        }

        if (value.ValueKind == JsonValueKind.Number && IsWholeNumberField(field) && value.TryGetDecimal(out var number) && OutOfRange(field, number) is { } range)
        {
            return $"{path} {range}";
        }

        var fits = field.FieldType switch
        {
            FieldType.String or FieldType.Bytes => false,
            FieldType.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            FieldType.Double or FieldType.Float or FieldType.Enum => value.ValueKind == JsonValueKind.Number,
            _ => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || value.TryGetUInt64(out _)),
        };
        return fits ? null : $"{path} must be {Expected(field)}, not {(value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? Kind(value) : Clip(value.GetRawText()))}.";
    }

    /// <summary>What is wrong with a value given as text (a JSON string or a query parameter), or null.</summary>
    private static string? ScalarTextProblem(FieldDescriptor field, string text)
    {
        switch (field.FieldType)
        {
            case FieldType.Bytes when !Base64.IsValid(text):
                return Base64Url.IsValid(text)
                    ? "is URL-safe base64: send standard base64 ('+' and '/', padded with '='), as protobuf JSON writes bytes."
                    : "is not base64: bytes are sent as standard base64 text (e.g. `base64 -w0 photo.jpg`).";
            case FieldType.Bool when text is not ("true" or "false"):
                return $"must be true or false, not '{Clip(text)}'.";
            case FieldType.Enum when field.EnumType.FindValueByName(text) is null && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                return $"must be one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}, not '{Clip(text)}'.";
            case FieldType.Double or FieldType.Float when text is not ("NaN" or "Infinity" or "-Infinity")
                && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
            case var _ when IsWholeNumberField(field) && !decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var whole) && whole == decimal.Truncate(whole)
                    ? PlainDigits($"'{text}'")
                    : $"must be {Expected(field)}, not '{Clip(text)}'.";
            case var _ when IsWholeNumberField(field)
                && OutOfRange(field, decimal.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)) is { } range:
                return range;
            default:
                return null;
        }
    }

    private static bool IsWholeNumberField(FieldDescriptor field) => field.FieldType is FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32
        or FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt32 or FieldType.Fixed32 or FieldType.UInt64 or FieldType.Fixed64;

    // A whole number past its field's type (99999999999 for a 32-bit field): the transcoder's reader says only "not
    // correctly formatted".
    private static string? OutOfRange(FieldDescriptor field, decimal value)
    {
        var (min, max, what) = field.FieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ((decimal)int.MinValue, (decimal)int.MaxValue, "a 32-bit whole number"),
            FieldType.UInt32 or FieldType.Fixed32 => (0m, uint.MaxValue, "an unsigned 32-bit whole number"),
            FieldType.UInt64 or FieldType.Fixed64 => (0m, ulong.MaxValue, "an unsigned 64-bit whole number"),
            _ => ((decimal)long.MinValue, (decimal)long.MaxValue, "a 64-bit whole number"),
        };
        return value < min || value > max
            ? string.Create(CultureInfo.InvariantCulture, $"is out of range: {Clip(value.ToString(CultureInfo.InvariantCulture))} does not fit {what} ({min} to {max}).")
            : null;
    }

    // A whole number written with an exponent or a fraction (1e1, 10.0): protobuf JSON allows it, but the transcoder's
    // reader refuses it only as "not correctly formatted", which does not say what to change.
    private static string PlainDigits(string given) =>
        $"must be a whole number in plain digits (10, not 1e1 or 10.0): this API's JSON reader takes no exponent or fraction, not {Clip(given)}.";

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "a string",
        FieldType.Bytes => "a base64 string",
        FieldType.Bool => "true or false",
        FieldType.Enum => "an enum name (a string)",
        FieldType.Double or FieldType.Float => "a number",
        _ => "a whole number",
    };

    private static bool IsWellKnown(MessageDescriptor message) => message.File.Package == "google.protobuf";

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Name(string path) => path.Length == 0 ? "The request body" : path;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} refused before transcoding: {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string detail);
}
