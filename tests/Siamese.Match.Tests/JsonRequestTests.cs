using System.Net;
using System.Text;
using System.Text.Json;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>
/// The JSON routes (gRPC JSON transcoding) refuse what transcoding alone would take silently or answer vaguely: a misspelt
/// field or query parameter (answered with the default before) and a value of the wrong kind ("Request JSON payload is
/// not correctly formatted." before), naming the field and what the call takes. Nothing is enrolled by a refused call.
/// </summary>
public sealed class JsonRequestTests
{
    private static readonly string Photo = TestImages.Png(153).ToBase64();

    [Fact]
    public async Task AMisspeltFieldOrQueryParameterIsRefusedNamingItAndNothingIsEnrolled()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");
        using var enrolled = await http.PostAsync("/v1/tenants/shop/subjects/bob/examples", Json($$"""{"images":["{{Photo}}"]}"""));

        using var identify = await http.PostAsync("/v1/tenants/shop/identify", Json($$"""{"image":"{{Photo}}","top_kk":1}"""));
        using var enrol = await http.PostAsync("/v1/tenants/shop/subjects/ann/examples", Json($$"""{"images":["{{Photo}}"],"name":"Ann"}"""));
        using var nested = await http.PostAsync("/v1/tenants/shop/identify", Json("""{"embedding":{"value":[1,2]}}"""));
        using var routed = await http.PostAsync("/v1/tenants/shop/identify", Json($$"""{"image":"{{Photo}}","tenant":"other"}"""));
        using var queryOnBody = await http.PostAsync("/v1/tenants/shop/identify?topK=1", Json($$"""{"image":"{{Photo}}"}"""));
        using var list = await http.GetAsync("/v1/tenants/shop/subjects?pageSize=10&page=2");
        using var listed = await http.GetAsync("/v1/tenants/shop/subjects?page_size=10");
        using var protoName = await http.PostAsync("/v1/tenants/shop/identify", Json($$"""{"image":"{{Photo}}","top_k":1}"""));

        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.StartsWith("'top_kk' is not a field of this call, which takes 'image', 'embedding', 'topK', 'threshold' in its JSON body",
            await Message(identify), StringComparison.Ordinal);
        Assert.StartsWith("'name' is not a field of this call, which takes 'displayName', 'images', 'embeddings'", await Message(enrol), StringComparison.Ordinal);
        Assert.Equal("'embedding.value' is not a field of this call: embedding takes 'values'.", await Message(nested));
        Assert.StartsWith("Field 'tenant' is taken from the URL path", await Message(routed), StringComparison.Ordinal);
        Assert.Equal("'topK' is not a query parameter of this call, which takes none: its fields go in the JSON body.", await Message(queryOnBody));
        Assert.Equal("'page' is not a query parameter of this call, which takes 'pageSize', 'pageToken'.", await Message(list));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, protoName.StatusCode);
        var subjects = await host.ClientFor("shop").ListSubjectsAsync(new ListSubjectsRequest { Tenant = "shop" });
        Assert.Equal(["bob"], subjects.Subjects.Select(s => s.SubjectId));
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "/v1/tenants/shop/subjects/ann/examples", """{"images":["not base64!"]}""", "images[0] is not base64: bytes are sent as standard base64 text" },
        { "/v1/tenants/shop/subjects/ann/examples", """{"images":["a-b_"]}""", "images[0] is URL-safe base64: send standard base64" },
        { "/v1/tenants/shop/subjects/ann/examples", $$"""{"images":"{{Photo}}"}""", "images must be a JSON array, not a string." },
        { "/v1/tenants/shop/subjects/ann/examples", """{"embeddings":[{"values":[0.5,"x"]}]}""", "embeddings[0].values[1] must be a number, not 'x'." },
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":"three"}""", "topK must be a whole number, not 'three'." },
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":1.5}""", "topK must be a whole number, not 1.5." },
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":"1.5"}""", "topK must be a whole number, not '1.5'." },
        // Protobuf JSON allows these, the transcoder's reader does not. Before: "not a whole number" (1e1, 10.0), or the
        // reader's "Request JSON payload is not correctly formatted." ("1e1").
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":1e1}""", "topK must be a whole number in plain digits (10, not 1e1 or 10.0)" },
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":10.0}""", "topK must be a whole number in plain digits (10, not 1e1 or 10.0)" },
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":"1e1"}""", "topK must be a whole number in plain digits (10, not 1e1 or 10.0)" },
        // Before: the reader's "Request JSON payload is not correctly formatted."
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":99999999999}""", "topK is out of range: 99999999999 does not fit a 32-bit whole number (-2147483648 to 2147483647)." },
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":"-99999999999"}""", "topK is out of range: -99999999999 does not fit a 32-bit whole number (-2147483648 to 2147483647)." },
        // In range of the type, not of the call: named as HTTP spells it (before: the gRPC field name alone, top_k).
        { "/v1/tenants/shop/identify", $$"""{"image":"{{Photo}}","topK":500}""", "top_k (topK over HTTP) 500 is out of range: use 1..100 (0 means 5)." },
        { "/v1/tenants/shop/identify", """{"embedding":[1,2]}""", "embedding must be a JSON object, not an array." },
        { "/v1/tenants/shop/identify", $$$"""{"image":"{{{Photo}}}","embedding":{"values":[1,2]}}""", "The request sets both 'image' and 'embedding', which are alternatives: send one of 'image', 'embedding'." },
        { "/v1/tenants/shop/identify", """{"image":""", "The request body is not valid JSON: " },
        { "/v1/tenants/shop/identify", "", "The request body is empty: send a JSON object (this call takes 'image', 'embedding', 'topK', 'threshold')." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task AValueOfTheWrongKindIsRefusedNamingTheField(string route, string body, string expected)
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");
        using var enrolled = await http.PostAsync("/v1/tenants/shop/subjects/bob/examples", Json($$"""{"images":["{{Photo}}"]}"""));

        using var response = await http.PostAsync(route, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, answer.GetProperty("code").GetInt32());
        Assert.StartsWith(expected, answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        var subjects = await host.ClientFor("shop").ListSubjectsAsync(new ListSubjectsRequest { Tenant = "shop" });
        Assert.Equal(["bob"], subjects.Subjects.Select(s => s.SubjectId));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsToldWhatTheCallTakes()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");

        // Before: "Unable to read the request as JSON because the request content type 'text/plain' is not a known JSON content type."
        using var identify = await http.PostAsync("/v1/tenants/shop/identify", new StringContent("x", Encoding.UTF8, "text/plain"));
        using var calibrate = await http.PostAsync("/v1/tenants/shop/calibration", new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.Equal("This call takes a photo (multipart/form-data: curl -F image=@photo.jpg; or the raw body with its image/* type) or a JSON "
            + "body (Content-Type: application/json; images as base64 text) with 'image', 'embedding', 'topK', 'threshold'; the request has "
            + "Content-Type 'text/plain'.", await Message(identify));
        Assert.Equal("This call takes a form of labelled photos (multipart/form-data, one file part per photo named by its label: curl -F "
            + "alice=@alice1.jpg -F alice=@alice2.jpg -F bob=@bob1.jpg) or a JSON body (Content-Type: application/json; images as base64 text) with 'images', 'embeddings', "
            + "'targetFalseAcceptRate', 'dryRun'; the request has Content-Type 'text/plain'.", await Message(calibrate));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<string> Message(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
    }
}
