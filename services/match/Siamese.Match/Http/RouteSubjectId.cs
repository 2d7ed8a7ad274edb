using Grpc.Core;

namespace Siamese.Match.Http;

/// <summary>
/// A subject id taken from a route (<c>/v1/tenants/{tenant}/subjects/{subjectId}/…</c>). ASP.NET Core unescapes every
/// character of a path but the slash, which it leaves as <c>%2F</c> so that the route cannot change: a product code
/// "12/34", sent URL-encoded as it must be, would otherwise become the subject "12%2F34" over HTTP and stay "12/34" over
/// gRPC. Decoded here, the id is the same whichever way it came. (A literal "%2F" in an id, sent as "%252F", reads as a
/// slash too: a path cannot tell the two apart.)
/// </summary>
internal static class RouteSubjectId
{
    /// <summary>The route parameter of the JSON API's routes (the proto field's name).</summary>
    private const string TranscodedParameter = "subject_id";

    public static string Decode(string value) =>
        value.Contains('%', StringComparison.Ordinal) ? value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : value;

    /// <summary>The id of a gRPC call as it came: decoded when the call is the JSON API's (its route carries the id), as it is otherwise.</summary>
    public static string Of(string value, ServerCallContext context) =>
        context.GetHttpContext().Request.RouteValues.ContainsKey(TranscodedParameter) ? Decode(value) : value;
}
