using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Siamese.Inference;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>The HTTP API for photos: multipart and raw image bodies beside the JSON API, with the same answers.</summary>
public sealed class PhotoApiTests
{
    [Fact]
    public async Task MultipartEnrolAndIdentifyAnswerLikeTheJsonApi()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");

        using var enrol = await http.PostAsync("/v1/tenants/shop/subjects/alice/examples", Form(("image", 100), ("image", 102), ("displayName", "Alice")));
        using var photo = await http.PostAsync("/v1/tenants/shop/identify", Form(("image", 104), ("topK", "3")));
        using var json = await http.PostAsync("/v1/tenants/shop/identify", new StringContent(
            $$"""{"image":"{{TestImages.Png(104).ToBase64()}}","topK":3}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Equal(2, (await Body(enrol)).GetProperty("exampleCount").GetInt32());
        var fromPhoto = await Body(photo);
        var fromJson = await Body(json);
        Assert.Equal("alice", fromPhoto.GetProperty("results")[0].GetProperty("subjectId").GetString());
        Assert.Equal("Alice", fromPhoto.GetProperty("results")[0].GetProperty("displayName").GetString());
        Assert.Equal("DECISION_KNOWN", fromPhoto.GetProperty("results")[0].GetProperty("decision").GetString());
        Assert.Equal("model", fromPhoto.GetProperty("thresholdSource").GetString());
        Assert.Equal(
            fromJson.GetProperty("results")[0].GetProperty("candidates")[0].GetProperty("distance").GetSingle(),
            fromPhoto.GetProperty("results")[0].GetProperty("candidates")[0].GetProperty("distance").GetSingle());
    }

    [Fact]
    public async Task RawImageBodiesEnrolIdentifyVerifyAndReportAWrongMatch()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");

        using var enrol = await http.PostAsync("/v1/tenants/shop/subjects/bob/examples?displayName=Bob", Raw(150));
        using var identify = await http.PostAsync("/v1/tenants/shop/identify?topK=1", Raw(153));
        using var verify = await http.PostAsync("/v1/tenants/shop/verify?subjectId=bob", Raw(153));
        using var report = await http.PostAsync("/v1/tenants/shop/subjects/bob/wrong-matches", Raw(157));
        using var after = await http.PostAsync("/v1/tenants/shop/identify", Raw(157));

        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Equal("bob", (await Body(identify)).GetProperty("results")[0].GetProperty("subjectId").GetString());
        Assert.True((await Body(verify)).GetProperty("same").GetBoolean());
        Assert.Equal(1, (await Body(report)).GetProperty("negativeCount").GetInt32());
        var answer = (await Body(after)).GetProperty("results")[0];
        Assert.Equal("DECISION_UNKNOWN", answer.GetProperty("decision").GetString());
        Assert.True(answer.GetProperty("candidates")[0].GetProperty("refused").GetBoolean());
    }

    [Fact]
    public async Task ASubjectIdWithASlashIsTheSameSubjectOverEveryRouteAndOverGrpc()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");
        var path = "/v1/tenants/shop/subjects/" + Uri.EscapeDataString("SKU 12/34");

        using var photo = await http.PostAsync(path + "/examples", Form(("image", 100), ("displayName", "Milk 1/2 L")));
        using var json = await http.PostAsync(path + "/examples", new StringContent(
            $$"""{"images":["{{TestImages.Png(102).ToBase64()}}"]}""", Encoding.UTF8, "application/json"));
        using var identify = await http.PostAsync("/v1/tenants/shop/identify", Raw(100));
        using var get = await http.GetAsync(path);
        var overGrpc = await host.ClientFor("shop").GetSubjectAsync(new GetSubjectRequest { Tenant = "shop", SubjectId = "SKU 12/34" });
        using var report = await http.PostAsync(path + "/wrong-matches", Raw(157));
        using var delete = await http.DeleteAsync(path);

        // Before: the photo and JSON routes enrolled "SKU 12%2F34", which gRPC and the ids in answers did not know as "SKU 12/34".
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal(2, (await Body(json)).GetProperty("exampleCount").GetInt32());
        Assert.Equal("SKU 12/34", (await Body(identify)).GetProperty("results")[0].GetProperty("subjectId").GetString());
        Assert.Equal("SKU 12/34", (await Body(get)).GetProperty("subjectId").GetString());
        Assert.Equal(2, overGrpc.ExampleCount);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await host.ClientFor("shop").GetSubjectAsync(new GetSubjectRequest { Tenant = "shop", SubjectId = "SKU 12/34" }));
    }

    [Fact]
    public async Task BadPhotosGetProblemsThatSayWhatWasWrong()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Http.PostAsync("/v1/tenants/default/subjects/alice/examples", Raw(100));
        using var corrupt = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0x00, 0x01]);
        corrupt.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc", Encoding.UTF8);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        using var tooLarge = await host.Http.PostAsync("/v1/tenants/default/identify", Raw(100, width: 600, height: 600, noise: true));
        using var unreadable = await host.Http.PostAsync("/v1/tenants/default/identify", corrupt);
        using var malformed = await host.Http.PostAsync("/v1/tenants/default/identify", broken);
        using var noImage = await host.Http.PostAsync("/v1/tenants/default/identify", Form(("topK", "3")));
        using var badTopK = await host.Http.PostAsync("/v1/tenants/default/identify", Form(("image", 100), ("topK", "many")));
        using var hugeTopK = await host.Http.PostAsync("/v1/tenants/default/identify", Form(("image", 100), ("topK", "99999999999")));
        using var otherTenant = await host.Http.PostAsync("/v1/tenants/nobody/identify", Raw(100));
        using var noKey = await host.HttpFor(null).PostAsync("/v1/tenants/default/identify", Raw(100));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noImage.StatusCode);
        Assert.Contains("-F image=@photo.jpg", (await Body(noImage)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'topK'", (await Body(badTopK)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Before: "'topK' must be a whole number", of one.
        Assert.Equal(HttpStatusCode.BadRequest, hugeTopK.StatusCode);
        Assert.Equal("'topK' 99999999999 is out of range: it is far past any value this call takes.", (await Body(hugeTopK)).GetProperty("detail").GetString());
        // The tenant is the key's: another name is refused alike whether that tenant exists, before the body is read.
        Assert.Equal(HttpStatusCode.Forbidden, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", unreadable.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AMisspeltFieldIsRefusedNamingItAndNothingIsEnrolled()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");
        using var enrolled = await http.PostAsync("/v1/tenants/shop/subjects/bob/examples", Form(("image", 150)));

        // Before: each was ignored and the call answered with the default (top 5, the model's threshold, no name).
        using var identify = await http.PostAsync("/v1/tenants/shop/identify", Form(("image", 153), ("top_k", "1")));
        using var enrol = await http.PostAsync("/v1/tenants/shop/subjects/ann/examples?name=Ann", Raw(160));
        using var verify = await http.PostAsync("/v1/tenants/shop/verify?subject=bob", Raw(153));
        using var report = await http.PostAsync("/v1/tenants/shop/subjects/bob/wrong-matches", Form(("image", 153), ("reason", "not him")));
        using var rightCase = await http.PostAsync("/v1/tenants/shop/identify", Form(("image", 153), ("TopK", "1")));
        using var verifyBoth = await http.PostAsync("/v1/tenants/shop/verify", Form(("image", 153), ("otherImage", 160), ("subjectId", "bob")));
        using var verifyOtherFile = await http.PostAsync("/v1/tenants/shop/verify", Form(("image", 153), ("image2", 160)));
        using var verifyNothing = await http.PostAsync("/v1/tenants/shop/verify", Form(("image", 153)));

        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.All(new[] { identify, enrol, verify, report }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.StartsWith("'top_k' is not a field of this call, which takes 'topK', 'threshold'", (await Body(identify)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("'name' is not a field of this call, which takes 'displayName'", (await Body(enrol)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("'subject' is not a field of this call, which takes 'subjectId', 'threshold'", (await Body(verify)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("'reason' is not a field of this call, which takes none besides the image", (await Body(report)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rightCase.StatusCode);
        // Before: the subject was ignored and the two images compared; a second file under another name was "no reference: set 'other_image'".
        Assert.All(new[] { verifyBoth, verifyOtherFile, verifyNothing }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal("The request names both an 'otherImage' and a 'subjectId': send one of them, the image or the subject to compare with.",
            (await Body(verifyBoth)).GetProperty("detail").GetString());
        Assert.StartsWith("'image2' is not a field of this call, which takes 'image', 'otherImage' (file parts)", (await Body(verifyOtherFile)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("The request has nothing to compare the image with: send -F otherImage=@other.jpg", (await Body(verifyNothing)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var subjects = await host.ClientFor("shop").ListSubjectsAsync(new ListSubjectsRequest { Tenant = "shop" });
        Assert.Equal(["bob"], subjects.Subjects.Select(s => s.SubjectId));
        Assert.Equal(0, subjects.Subjects[0].NegativeCount);
    }

    [Theory]
    [InlineData("/v1/tenants/shop/subjects/bob/examples")]
    [InlineData("/v1/tenants/shop/identify")]
    [InlineData("/v1/tenants/shop/verify?subjectId=bob")]
    [InlineData("/v1/tenants/shop/subjects/bob/wrong-matches")]
    public async Task APhotoSentAsAUrlEncodedFormIsToldHowToSendIt(string route)
    {
        // What curl --data-binary @photo.jpg sends when no Content-Type is given: the JSON API would say "not JSON".
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");
        using var body = new ByteArrayContent(TestImages.Png(100).ToByteArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await http.PostAsync(route, body);
        using var noKey = await host.HttpFor(null).PostAsync(route, body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.StartsWith("Content type 'application/x-www-form-urlencoded' carries no file: send the photo as multipart/form-data (curl -F image=@photo.jpg)",
            (await Body(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task APhotoOverGrpcsDefaultMessageSizeIsTakenOverGrpcAsOverRest()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), settings: new Dictionary<string, string?> { ["ImageLimits:MaxBytes"] = "8388608", ["ImageLimits:MaxPixels"] = "16000000" });
        var random = new Random(13);
        var noise = Imaging.ImageEncoder.EncodePng(new Imaging.GrayImage(2400, 2400, [.. Enumerable.Range(0, 2400 * 2400).Select(_ => (float)random.Next(256))]));

        // Over gRPC's default 4 MiB, under the image limit (8 MiB): the same photo is taken whichever way it comes.
        var enrolled = await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "big", Images = { ByteString.CopyFrom(noise) } });
        using var body = new ByteArrayContent(noise);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var rest = await host.Http.PostAsync("/v1/tenants/default/subjects/big/examples", body);

        Assert.InRange(noise.Length, 4 * 1024 * 1024 + 1, 8 * 1024 * 1024);
        Assert.Equal(1, enrolled.ExampleCount);
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
    }

    [Fact]
    public async Task ModelDescriptionCarriesItsSummariesAsJsonObjects()
    {
        var model = new EmbedderModel(new ModelMetadata
        {
            Name = "fake", Version = "1", InputHeight = 8, InputWidth = 8, EmbeddingDimension = FakeModel.Dimension, Threshold = 1f,
            TrainingData = """{"classes":12,"images":120,"split":{"trainIdentities":["Alice Example"],"testIdentities":["Bob Example"]}}""",
            Evaluation = """{"one_shot_accuracy":0.97}""",
        }, ExecutionProvider.Cpu, ExecutionProvider.Cpu, null);
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(model));

        var info = JsonDocument.Parse(await host.Http.GetStringAsync("/v1/model")).RootElement.GetProperty("model");

        Assert.Equal(12, info.GetProperty("trainingData").GetProperty("classes").GetInt32());
        // The training set's identity names stay in the model file: no caller reads who trained it.
        Assert.False(info.GetProperty("trainingData").TryGetProperty("split", out _));
        Assert.DoesNotContain("Alice Example", info.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0.97, info.GetProperty("evaluation").GetProperty("one_shot_accuracy").GetDouble(), 6);
    }

    [Fact]
    public async Task TheModelAndKeyDescriptionsRefuseAQueryParameterNamingIt()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var http = host.HttpFor("shop");

        // Before: each answered as if the parameter were not there (?tenant=shop read as the model of that tenant).
        using var model = await http.GetAsync("/v1/model?tenant=shop");
        using var me = await http.GetAsync("/v1/me?verbose=1");
        using var plain = await http.GetAsync("/v1/model");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK), (model.StatusCode, me.StatusCode, plain.StatusCode));
        Assert.Equal("'tenant' is not a query parameter of this call, which takes none.", (await Body(model)).GetProperty("detail").GetString());
        Assert.Equal("'verbose' is not a query parameter of this call, which takes none.", (await Body(me)).GetProperty("detail").GetString());
        var paths = JsonDocument.Parse(await host.HttpFor(null).GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        Assert.All(new[] { "/v1/model", "/v1/me" }, path => Assert.True(paths.GetProperty(path).GetProperty("get").GetProperty("responses").TryGetProperty("400", out _), path));
    }

    [Fact]
    public async Task OpenApiDocumentDescribesThePhotoRoutes()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());

        // The document describes the API and holds no data: it answers without a key.
        var document = JsonDocument.Parse(await host.HttpFor(null).GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/tenants/{tenant}/identify", out var identify));
        Assert.True(identify.GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(paths.TryGetProperty("/v1/tenants/{tenant}/subjects/{subjectId}/examples", out _));
    }

    private static MultipartFormDataContent Form(params (string Name, object Value)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in parts)
        {
            if (value is int gray)
            {
                var file = new ByteArrayContent(TestImages.Png(gray).ToByteArray());
                file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                form.Add(file, name, $"{gray}.png");
            }
            else
            {
                form.Add(new StringContent((string)value), name);
            }
        }

        return form;
    }

    private static ByteArrayContent Raw(float gray, int width = 20, int height = 24, bool noise = false)
    {
        var image = noise
            ? ByteString.CopyFrom(Imaging.ImageEncoder.EncodePng(new Imaging.GrayImage(width, height,
                [.. Enumerable.Range(0, width * height).Select(i => (float)((i * 7919) % 251))])))
            : TestImages.Png(gray, width, height);
        var content = new ByteArrayContent(image.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
