using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using Siamese.Protos.V1;

namespace Siamese.Reliability.BadInputs;

/// <summary>
/// Every kind of bad input at every entry point of a running host: match gRPC (typed and raw protobuf) and REST, ingest
/// (raw body, multipart, status, result stream), embed, detect, admin. Each is sent with a valid key, so what is tested is
/// the input handling, not authentication (that is <see cref="Unauthenticated"/>).
/// </summary>
public sealed class BadInputSuite(Deployment deployment, string tenantKey, string tenant, Probe probe)
{
    private readonly Matcher.MatcherClient _matcher = new(deployment.Channel);
    private readonly Embedder.EmbedderClient _embedder = new(deployment.Channel);
    private readonly Detector.DetectorClient _detector = new(deployment.Channel);

    public async Task RunAsync(IProgress<string> progress)
    {
        var images = BadImages.Create();
        var valid = Siamese.Imaging.ImageEncoder.EncodePng(new Siamese.Imaging.GrayImage(64, 64, new float[64 * 64]));
        progress.Report($"bad inputs: {images.Count} bad images");
        await EnrolSomeoneAsync(valid);

        await ForEach(images, image => MatchImageAsync(image.Bytes));
        await ForEach(images, image => IngestRawAsync("ingest.frames.raw", image.Bytes, "image/png", "cam-1", null));
        await ForEach(images, image => DetectAsync(image.Bytes, null));
        await ForEach(images, image => EmbedImageAsync(image.Bytes));
        await ForEach(images, image => RestImageAsync(image.Bytes));
        await ForEach(images, image => IngestMultipartImageAsync(image.Bytes));
        await ForEach(images, image => PhotoAsync(image.Bytes));
        await ForEach(images, image => FeedbackAsync(image.Bytes));
        progress.Report($"bad inputs: images done ({probe.Tally.Total} so far)");

        await NamesAsync(valid);
        await NumbersAsync(valid);
        await IngestFieldsAsync(valid);
        await ForEach(BadMultipart.Create(valid), m => IngestBodyAsync("ingest.frames.multipart", m.ContentType, m.Body));
        var badPhotos = BadMultipart.Create(valid).Where(m => !BadMultipart.FrameOnly.Contains(m.Name)).ToList();
        await ForEach(badPhotos, m => PhotoBodyAsync($"/v1/tenants/{tenant}/identify", m.ContentType, m.Body));
        await ForEach(badPhotos, m => PhotoBodyAsync($"/v1/tenants/{tenant}/subjects/x/examples", m.ContentType, m.Body));
        await ForEach(badPhotos, m => PhotoBodyAsync($"/v1/tenants/{tenant}/calibration?dryRun=true", m.ContentType, m.Body));
        await JsonAsync();
        await AdminAsync();
        progress.Report($"bad inputs: fields done ({probe.Tally.Total} so far)");

        using var http2 = new HttpClient { BaseAddress = deployment.GrpcAddress, Timeout = Timeout.InfiniteTimeSpan };
        var methods = RawProtobuf.Methods(Matcher.Descriptor, Embedder.Descriptor, Detector.Descriptor, Admin.Descriptor);
        var seed = 0;
        foreach (var (path, request) in methods)
        {
            var key = path.Contains("Admin", StringComparison.Ordinal) ? deployment.AdminKey : tenantKey;
            await ForEach(RawProtobuf.Bodies(request, seed++), b => probe.RawGrpcAsync("grpc.raw_protobuf", http2, path, b.Body, key));
        }

        progress.Report($"bad inputs: raw protobuf done ({probe.Tally.Total} in all)");
    }

    private async Task EnrolSomeoneAsync(byte[] image)
    {
        // Identify and the subject calls need a tenant with subjects: otherwise every answer would be "tenant has none".
        var request = new EnrollRequest { SubjectId = "someone", Images = { ByteString.CopyFrom(image) } };
        await _matcher.EnrollAsync(request, Deployment.Auth(tenantKey));
    }

    private async Task MatchImageAsync(byte[] image)
    {
        var bytes = ByteString.CopyFrom(image);
        await Grpc("match.grpc.Enroll", d => _matcher.EnrollAsync(new EnrollRequest { SubjectId = "x", Images = { bytes } }, Deployment.Auth(tenantKey), d).ResponseAsync);
        await Grpc("match.grpc.Identify", d => _matcher.IdentifyAsync(new IdentifyRequest { Image = bytes }, Deployment.Auth(tenantKey), d).ResponseAsync);
        await Grpc("match.grpc.Verify", d => _matcher.VerifyAsync(new VerifyRequest { Image = bytes, SubjectId = "someone" }, Deployment.Auth(tenantKey), d).ResponseAsync);
    }

    private Task DetectAsync(byte[] image, float? minScore)
    {
        var request = new DetectRequest { Image = ByteString.CopyFrom(image) };
        if (minScore is { } s)
        {
            request.MinScore = s;
        }

        return Grpc("detect.grpc.Detect", d => _detector.DetectAsync(request, Deployment.Auth(tenantKey), d).ResponseAsync);
    }

    private Task EmbedImageAsync(byte[] image) =>
        Grpc("embed.grpc.Embed", d => _embedder.EmbedAsync(new EmbedRequest { Crops = { new Crop { Image = ByteString.CopyFrom(image) } } },
            Deployment.Auth(tenantKey), d).ResponseAsync);

    private async Task RestImageAsync(byte[] image)
    {
        var base64 = Convert.ToBase64String(image);
        await Rest("match.rest", HttpMethod.Post, $"/v1/tenants/{tenant}/identify", $"{{\"image\": \"{base64}\"}}");
        await Rest("match.rest", HttpMethod.Post, $"/v1/tenants/{tenant}/subjects/x/examples", $"{{\"images\": [\"{base64}\"]}}");
    }

    private Task IngestMultipartImageAsync(byte[] image)
    {
        var (contentType, body) = Multipart(image, ("cameraId", "cam-1"));
        return IngestBodyAsync("ingest.frames.multipart", contentType, body);
    }

    /// <summary>Match's photo endpoints: a raw image body (identify, verify) and a multipart form (enrol, identify).</summary>
    private async Task PhotoAsync(byte[] image)
    {
        await PhotoBodyAsync($"/v1/tenants/{tenant}/identify", "image/png", image);
        await PhotoBodyAsync($"/v1/tenants/{tenant}/verify?subjectId=someone", "image/jpeg", image);
        var (contentType, body) = Multipart(image, ("displayName", "X"));
        await PhotoBodyAsync($"/v1/tenants/{tenant}/subjects/x/examples", contentType, body);
        await PhotoBodyAsync($"/v1/tenants/{tenant}/identify", contentType, body);
    }

    /// <summary>Wrong-match reports and calibration (gRPC, and the photo routes: the report and the calibration form).</summary>
    private async Task FeedbackAsync(byte[] image)
    {
        var bytes = ByteString.CopyFrom(image);
        var auth = Deployment.Auth(tenantKey);
        await Grpc("match.grpc.ReportWrongMatch", d => _matcher.ReportWrongMatchAsync(
            new ReportWrongMatchRequest { SubjectId = "someone", Image = bytes }, auth, d).ResponseAsync);
        var calibrate = new CalibrateRequest { TargetFalseAcceptRate = 0.01, DryRun = true };
        calibrate.Images.Add(new LabelledImage { Label = "a", Image = bytes });
        calibrate.Images.Add(new LabelledImage { Label = "b", Image = bytes });
        await Grpc("match.grpc.Calibrate", d => _matcher.CalibrateAsync(calibrate, auth, d).ResponseAsync);
        await PhotoBodyAsync($"/v1/tenants/{tenant}/subjects/someone/wrong-matches", "image/png", image);
        var (contentType, form) = Multipart(image, ("targetFalseAcceptRate", "0.01"));
        await PhotoBodyAsync($"/v1/tenants/{tenant}/calibration?dryRun=true", contentType, form);
    }

    private Task PhotoBodyAsync(string path, string contentType, byte[] body) =>
        Rest("match.rest.photo", HttpMethod.Post, path, body, contentType);

    private static (string ContentType, byte[] Body) Multipart(byte[] image, (string Name, string Value) field)
    {
        const string boundary = "b0undary";
        var body = Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{field.Name}\"\r\n\r\n{field.Value}\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f.png\"\r\nContent-Type: image/png\r\n\r\n")
            .Concat(image).Concat(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n")).ToArray();
        return ($"multipart/form-data; boundary={boundary}", body);
    }

    private async Task NamesAsync(byte[] valid)
    {
        var image = ByteString.CopyFrom(valid);
        foreach (var t in BadNames.Tenants)
        {
            await Grpc("match.grpc.Enroll", d => _matcher.EnrollAsync(new EnrollRequest { Tenant = t, SubjectId = "x", Images = { image } }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.subjects", d => _matcher.ListSubjectsAsync(new ListSubjectsRequest { Tenant = t }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.subjects", d => _matcher.GetSubjectAsync(new GetSubjectRequest { Tenant = t, SubjectId = "someone" }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.subjects", d => _matcher.DeleteSubjectAsync(new DeleteSubjectRequest { Tenant = t, SubjectId = "someone" }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.Identify", d => _matcher.IdentifyAsync(new IdentifyRequest { Tenant = t, Image = image }, Deployment.Auth(tenantKey), d).ResponseAsync);
            if (!t.Any(c => char.IsControl(c) || c > 127))
            {
                // A header cannot carry control or non-ASCII characters at all; the other entry points get those names.
                await IngestRawAsync("ingest.frames.raw", valid, "image/png", "cam-1", t);
            }
            if (Uri.EscapeDataString(t).Length < 2000)
            {
                await Rest("match.rest", HttpMethod.Get, $"/v1/tenants/{Uri.EscapeDataString(t)}/subjects", null);
            }
        }

        foreach (var s in BadNames.Subjects)
        {
            await Grpc("match.grpc.Enroll", d => _matcher.EnrollAsync(new EnrollRequest { SubjectId = s, Images = { image } }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.subjects", d => _matcher.GetSubjectAsync(new GetSubjectRequest { SubjectId = s }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.subjects", d => _matcher.DeleteSubjectAsync(new DeleteSubjectRequest { SubjectId = s }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.Verify", d => _matcher.VerifyAsync(new VerifyRequest { Image = image, SubjectId = s }, Deployment.Auth(tenantKey), d).ResponseAsync);
        }

        foreach (var t in BadNames.Tenants.Where(t => t.Length < 2000))
        {
            await Grpc("match.grpc.ReportWrongMatch", d => _matcher.ReportWrongMatchAsync(
                new ReportWrongMatchRequest { Tenant = t, SubjectId = "someone", Image = image }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.Calibrate", d => _matcher.GetCalibrationAsync(new GetCalibrationRequest { Tenant = t }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await Grpc("match.grpc.Calibrate", d => _matcher.DeleteCalibrationAsync(new DeleteCalibrationRequest { Tenant = t }, Deployment.Auth(tenantKey), d).ResponseAsync);
            await PhotoBodyAsync($"/v1/tenants/{Uri.EscapeDataString(t)}/identify", "image/png", valid);
        }

        foreach (var n in BadNames.DisplayNames)
        {
            await Grpc("match.grpc.Enroll", d => _matcher.EnrollAsync(
                new EnrollRequest { SubjectId = "named", DisplayName = n, Images = { image } }, Deployment.Auth(tenantKey), d).ResponseAsync);
        }

        foreach (var c in BadNames.Cameras)
        {
            await IngestRawAsync("ingest.frames.raw", valid, "image/png", c, null);
            await Rest("ingest.results", HttpMethod.Get, $"/v1/cameras/{Uri.EscapeDataString(c)}/results", null);
        }
    }

    private async Task NumbersAsync(byte[] valid)
    {
        var image = ByteString.CopyFrom(valid);
        var auth = Deployment.Auth(tenantKey);
        foreach (var k in new[] { -1, -100, 1_000_000, int.MaxValue, int.MinValue })
        {
            await Grpc("match.grpc.Identify", d => _matcher.IdentifyAsync(new IdentifyRequest { Image = image, TopK = k }, auth, d).ResponseAsync);
        }

        foreach (var t in new[] { float.NaN, -1f, 0f, float.PositiveInfinity, float.NegativeInfinity })
        {
            await Grpc("match.grpc.Identify", d => _matcher.IdentifyAsync(new IdentifyRequest { Image = image, Threshold = t }, auth, d).ResponseAsync);
            await Grpc("match.grpc.Verify", d => _matcher.VerifyAsync(new VerifyRequest { Image = image, OtherImage = image, Threshold = t }, auth, d).ResponseAsync);
        }

        foreach (var s in new[] { float.NaN, -0.5f, 1.5f, float.PositiveInfinity, float.NegativeInfinity })
        {
            await DetectAsync(valid, s);
        }

        foreach (var size in new[] { -1, 1001, int.MaxValue, int.MinValue })
        {
            await Grpc("match.grpc.subjects", d => _matcher.ListSubjectsAsync(new ListSubjectsRequest { PageSize = size }, auth, d).ResponseAsync);
        }

        foreach (var token in new[] { "garbage", "AAAA", "////", new string('x', 10_000), "\0", "%%%" })
        {
            await Grpc("match.grpc.subjects", d => _matcher.ListSubjectsAsync(new ListSubjectsRequest { PageToken = token }, auth, d).ResponseAsync);
        }

        foreach (var values in new[] { new[] { 1f }, new float[5000], new[] { float.NaN }, Array.Empty<float>() })
        {
            var e = new Embedding { Values = { values } };
            await Grpc("match.grpc.Identify", d => _matcher.IdentifyAsync(new IdentifyRequest { Embedding = e }, auth, d).ResponseAsync);
            await Grpc("match.grpc.Enroll", d => _matcher.EnrollAsync(new EnrollRequest { SubjectId = "e", Embeddings = { e } }, auth, d).ResponseAsync);
        }

        foreach (var target in new[] { double.NaN, -1, 0.9, double.PositiveInfinity, 1e-300 })
        {
            var calibrate = new CalibrateRequest { TargetFalseAcceptRate = target, DryRun = true };
            calibrate.Images.Add(new LabelledImage { Label = "a", Image = image });
            calibrate.Images.Add(new LabelledImage { Label = "b", Image = image });
            await Grpc("match.grpc.Calibrate", d => _matcher.CalibrateAsync(calibrate, auth, d).ResponseAsync);
        }

        foreach (var label in new[] { "", new string('l', 257), "nul\0", "line\nfeed" })
        {
            var calibrate = new CalibrateRequest { TargetFalseAcceptRate = 0.01, DryRun = true };
            calibrate.Images.Add(new LabelledImage { Label = label, Image = image });
            calibrate.Images.Add(new LabelledImage { Label = "b", Image = image });
            await Grpc("match.grpc.Calibrate", d => _matcher.CalibrateAsync(calibrate, auth, d).ResponseAsync);
        }

        await Grpc("match.grpc.Calibrate", d => _matcher.CalibrateAsync(new CalibrateRequest { DryRun = true }, auth, d).ResponseAsync);
        await Grpc("match.grpc.ReportWrongMatch", d => _matcher.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "someone" }, auth, d).ResponseAsync);
        await Grpc("match.grpc.ReportWrongMatch", d => _matcher.ReportWrongMatchAsync(
            new ReportWrongMatchRequest { SubjectId = "someone", Embedding = new Embedding { Values = { float.NaN } } }, auth, d).ResponseAsync);
        foreach (var query in new[] { "topK=abc", "topK=-1", "topK=99999999999", "threshold=NaN", "threshold=-1", "threshold=x" })
        {
            await PhotoBodyAsync($"/v1/tenants/{tenant}/identify?{query}", "image/png", valid);
            if (query.StartsWith("threshold", StringComparison.Ordinal))
            {
                // Verify has a threshold and no topK (a parameter a route does not have is refused, naming it).
                await PhotoBodyAsync($"/v1/tenants/{tenant}/verify?{query}&subjectId=someone", "image/png", valid);
            }
        }

        foreach (var subject in new[] { "%00", new string('s', 257), "nobody" })
        {
            await PhotoBodyAsync($"/v1/tenants/{tenant}/verify?subjectId={subject}", "image/png", valid);
        }

        // Just over the image limit (8 MiB), so the answer is read rather than the connection closed mid-upload.
        await PhotoBodyAsync($"/v1/tenants/{tenant}/identify", "image/png", new byte[9 * 1024 * 1024]);
        await Grpc("match.grpc.Identify", d => _matcher.IdentifyAsync(new IdentifyRequest(), auth, d).ResponseAsync);
        await Grpc("match.grpc.Verify", d => _matcher.VerifyAsync(new VerifyRequest { Image = image }, auth, d).ResponseAsync);
        await Grpc("match.grpc.Enroll", d => _matcher.EnrollAsync(new EnrollRequest { SubjectId = "none" }, auth, d).ResponseAsync);
        await Grpc("match.grpc.Enroll", d => _matcher.EnrollAsync(
            new EnrollRequest { SubjectId = "many", Images = { Enumerable.Repeat(image, 200) } }, auth, d).ResponseAsync);
        var big = ByteString.CopyFrom(new byte[5 * 1024 * 1024]);
        await Grpc("match.grpc.Identify", d => _matcher.IdentifyAsync(new IdentifyRequest { Image = big }, auth, d).ResponseAsync);
        await Grpc("embed.grpc.Embed", d => _embedder.EmbedAsync(new EmbedRequest(), auth, d).ResponseAsync);
        await Grpc("embed.grpc.Embed", d => _embedder.EmbedAsync(
            new EmbedRequest { Crops = { Enumerable.Range(0, 5000).Select(_ => new Crop { Image = image }) } }, auth, d).ResponseAsync);
        foreach (var pixels in new[]
        {
            new GrayPixels { Width = 0, Height = 5 }, new GrayPixels { Width = -3, Height = 5, Data = ByteString.CopyFrom(new byte[15]) },
            new GrayPixels { Width = 4, Height = 4, Data = ByteString.CopyFrom(new byte[3]) }, new GrayPixels { Width = 2, Height = 2, Values = { 1, 2, 3 } },
            new GrayPixels { Width = 2, Height = 1, Values = { float.NaN, 1 } }, new GrayPixels { Width = 100_000, Height = 100_000 },
            new GrayPixels { Width = 1, Height = 1, Values = { 999 } }, new GrayPixels { Width = 1, Height = 1 },
        })
        {
            await Grpc("embed.grpc.Embed", d => _embedder.EmbedAsync(new EmbedRequest { Crops = { new Crop { Pixels = pixels } } }, auth, d).ResponseAsync);
        }

        await Grpc("embed.grpc.Embed", d => _embedder.EmbedAsync(new EmbedRequest { Crops = { new Crop() } }, auth, d).ResponseAsync);
        await Grpc("detect.grpc.Detect", d => _detector.DetectAsync(new DetectRequest { Image = image, MaxDetections = -1 }, auth, d).ResponseAsync);
        await Grpc("detect.grpc.Detect", d => _detector.DetectAsync(new DetectRequest(), auth, d).ResponseAsync);
    }

    private async Task IngestFieldsAsync(byte[] valid)
    {
        foreach (var type in new[] { "", "text/plain", "application/json", "video/mp4", "image", "not a type", "multipart/form-data" })
        {
            await IngestRawAsync("ingest.frames.raw", valid, type, "cam-1", null);
        }

        foreach (var regions in new[]
        {
            "[", "[{\"x\":1}]", "1,2,3", "a,b,c,d", "-1,0,10,10", "0,0,0,10", "0,0,10000,10", "2147483647,2147483647,2,2", "{\"x\":1}",
            "[null]", string.Join(';', Enumerable.Repeat("0,0,1,1", 500)), "1e9,0,1,1", "0,0,-5,-5", "[{\"x\":0,\"y\":0,\"width\":\"w\",\"height\":1}]",
        })
        {
            await Rest("ingest.frames.raw", HttpMethod.Post, $"/v1/frames?cameraId=cam-1&regions={Uri.EscapeDataString(regions)}", valid, "image/png");
        }

        foreach (var key in new[] { new string('k', 201), "with\u0001control" })
        {
            await Rest("ingest.frames.raw", HttpMethod.Post, "/v1/frames?cameraId=cam-1", valid, "image/png", ("Idempotency-Key", key));
        }

        await Rest("ingest.frames.raw", HttpMethod.Post, "/v1/frames?cameraId=cam-1", new byte[6 * 1024 * 1024], "image/png");
        foreach (var id in new[] { "not-a-guid", Guid.NewGuid().ToString(), "00000000-0000-0000-0000-000000000000", new string('9', 5000) })
        {
            await Rest("ingest.status", HttpMethod.Get, $"/v1/frames/{id}", null);
        }
    }

    private async Task JsonAsync()
    {
        var routes = new[]
        {
            $"/v1/tenants/{tenant}/subjects/someone/examples", $"/v1/tenants/{tenant}/identify", $"/v1/tenants/{tenant}/verify", "/v1/embed", "/v1/detect",
        };
        foreach (var route in routes)
        {
            foreach (var (_, body) in BadJson.Bodies)
            {
                await Rest("match.rest", HttpMethod.Post, route, body);
            }

            await Rest("match.rest", HttpMethod.Post, route, Encoding.UTF8.GetBytes("{}"), "text/plain");
        }
    }

    private async Task AdminAsync()
    {
        var admin = new Admin.AdminClient(deployment.Channel);
        var auth = Deployment.Auth(deployment.AdminKey);
        foreach (var t in BadNames.Tenants.Where(t => t is not ("other-tenant" or "default" or "admin")).Append(""))
        {
            await Grpc("admin", d => admin.CreateTenantAsync(new CreateTenantRequest { Tenant = t }, auth, d).ResponseAsync);
            await Grpc("admin", d => admin.CreateKeyAsync(new CreateKeyRequest { Tenant = t }, auth, d).ResponseAsync);
            await Grpc("admin", d => admin.ListKeysAsync(new ListKeysRequest { Tenant = t }, auth, d).ResponseAsync);
            await Grpc("admin", d => admin.DeleteTenantAsync(new DeleteTenantRequest { Tenant = t }, auth, d).ResponseAsync);
        }

        foreach (var id in new[] { "", "nope", new string('a', 12), new string('z', 5000), "../../x" })
        {
            await Grpc("admin", d => admin.RevokeKeyAsync(new RevokeKeyRequest { Tenant = tenant, KeyId = id }, auth, d).ResponseAsync);
        }

        await Grpc("admin", d => admin.CreateTenantAsync(new CreateTenantRequest { Tenant = tenant }, auth, d).ResponseAsync);
        await Grpc("admin", d => admin.CreateKeyAsync(new CreateKeyRequest { Tenant = tenant, Name = new string('n', 300) }, auth, d).ResponseAsync);
    }

    private Task IngestRawAsync(string entry, byte[] image, string contentType, string camera, string? xTenant) =>
        Rest(entry, HttpMethod.Post, $"/v1/frames?cameraId={Uri.EscapeDataString(camera)}", image, contentType,
            xTenant is null ? null : ("X-Tenant", xTenant));

    private Task IngestBodyAsync(string entry, string contentType, byte[] body) =>
        probe.HttpAsync(entry, deployment.Http, () => Request(HttpMethod.Post, "/v1/frames", new ByteArrayContent(body), contentType, null));

    private Task Rest(string entry, HttpMethod method, string path, string? json) =>
        probe.HttpAsync(entry, deployment.Http, () => Request(method, path, json is null ? null : new StringContent(json, Encoding.UTF8), "application/json", null),
            $"{method} {(path.Length > 100 ? path[..100] : path)} {(json is null ? "" : json.Length > 60 ? json[..60] : json)}");

    private Task Rest(string entry, HttpMethod method, string path, byte[] body, string contentType, (string Name, string Value)? header = null) =>
        probe.HttpAsync(entry, deployment.Http, () => Request(method, path, new ByteArrayContent(body), contentType, header),
            $"{method} {(path.Length > 100 ? path[..100] : path)} {contentType} {header?.Name}");

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content, string contentType, (string Name, string Value)? header)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Api-Key", tenantKey);
        if (content is not null && MediaTypeHeaderValue.TryParse(contentType, out var type))
        {
            content.Headers.ContentType = type;
        }
        else if (content is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        return request;
    }

    private Task Grpc(string entry, Func<DateTime, Task> call, [CallerArgumentExpression(nameof(call))] string what = "") =>
        probe.GrpcAsync(entry, call, what.Length > 160 ? what[..160] : what);

    private static async Task ForEach<T>(IEnumerable<T> items, Func<T, Task> each) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) => await each(item));
}
