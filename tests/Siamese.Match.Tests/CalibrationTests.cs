using Grpc.Core;
using Grpc.Core.Interceptors;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>Per-tenant thresholds computed from the tenant's labelled images for a target false-accept rate.</summary>
public sealed class CalibrationTests
{
    // Fake tower: distance = gray difference / 10. Same-label images are 2 gray levels apart (0.2), labels 30 apart.
    private static readonly (string Label, float Gray)[] Labelled =
        [("a", 100), ("a", 102), ("a", 104), ("b", 130), ("b", 132), ("c", 160), ("c", 162), ("d", 190), ("d", 192)];

    [Fact]
    public async Task CalibrationIsStoredForTheTenantAndIdentifyUsesIt()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        foreach (var tenant in new[] { "shop", "other" })
        {
            await host.ClientFor(tenant).EnrollAsync(new EnrollRequest { Tenant = tenant, SubjectId = "alice", Images = { TestImages.Png(100) } });
        }

        var calibrated = await host.ClientFor("shop").CalibrateAsync(Request("shop", 0.05));
        var shop = await host.ClientFor("shop").IdentifyAsync(new IdentifyRequest { Tenant = "shop", Image = TestImages.Png(115) });
        var other = await host.ClientFor("other").IdentifyAsync(new IdentifyRequest { Tenant = "other", Image = TestImages.Png(115) });

        var c = calibrated.Calibration;
        Assert.True(calibrated.Stored);
        Assert.Equal("tenant", c.Source);
        Assert.Equal(6, c.GenuinePairs);
        Assert.Equal(30, c.ImpostorPairs);
        Assert.InRange(c.FalseAcceptRate, 0, 0.05);
        Assert.Equal(1, c.TrueAcceptRate);

        // One of 30 impostor pairs may be accepted at 5%: the threshold sits just below the second-nearest (2.8).
        Assert.InRange(c.Threshold, 2.6f, 2.8f);
        Assert.Equal(c.Threshold, shop.Threshold);
        Assert.Equal("tenant", shop.ThresholdSource);
        Assert.Equal(1.0f, other.Threshold);
        Assert.Equal("model", other.ThresholdSource);
        Assert.Equal(Decision.Known, shop.Results[0].Decision);
        Assert.Equal(Decision.Unknown, other.Results[0].Decision);
        Assert.Contains(c.Notes, n => n.Contains("Only 30 impostor pairs", StringComparison.Ordinal));
        Assert.Contains("Only 4 labels (6 pairs of labels): every impostor pair comes from those, so the false-accept rate on other people or items can be many times the target; calibrate on 10 labels or more.", c.Notes);
    }

    [Fact]
    public async Task TenLabelsOrMoreAreNotNotedAsTooFew()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var request = new CalibrateRequest { Tenant = "shop", TargetFalseAcceptRate = 0.1, DryRun = true };
        for (var label = 0; label < 10; label++)
        {
            request.Images.Add(new LabelledImage { Label = $"l{label}", Image = TestImages.Png(20 + (label * 20)) });
            request.Images.Add(new LabelledImage { Label = $"l{label}", Image = TestImages.Png(22 + (label * 20)) });
        }

        var c = (await host.ClientFor("shop").CalibrateAsync(request)).Calibration;

        Assert.Equal(10, c.Labels);
        Assert.DoesNotContain(c.Notes, n => n.Contains("labels (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DryRunReportsWithoutStoringAndDeleteRestoresTheModelThreshold()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.ClientFor("shop").EnrollAsync(new EnrollRequest { Tenant = "shop", SubjectId = "alice", Images = { TestImages.Png(100) } });

        var dry = await host.ClientFor("shop").CalibrateAsync(Request("shop", 0.1, dryRun: true));
        var afterDry = await host.ClientFor("shop").GetCalibrationAsync(new GetCalibrationRequest { Tenant = "shop" });
        await host.ClientFor("shop").CalibrateAsync(Request("shop", 0.1));
        var stored = await host.ClientFor("shop").GetCalibrationAsync(new GetCalibrationRequest { Tenant = "shop" });
        var deleted = await host.ClientFor("shop").DeleteCalibrationAsync(new DeleteCalibrationRequest { Tenant = "shop" });
        var answer = await host.ClientFor("shop").IdentifyAsync(new IdentifyRequest { Tenant = "shop", Image = TestImages.Png(100) });

        Assert.False(dry.Stored);
        Assert.Equal("model", afterDry.Source);
        Assert.Equal("tenant", stored.Source);
        Assert.Equal(dry.Calibration.Threshold, stored.Threshold);
        Assert.Equal("model", deleted.Source);
        Assert.Equal(1.0f, deleted.Threshold);
        Assert.Equal("model", answer.ThresholdSource);
    }

    [Fact]
    public async Task CalibrationSurvivesARestart()
    {
        using var data = new TempDirectory();
        float threshold;
        await using (var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), dataDirectory: data.Path))
        {
            await host.ClientFor("shop").EnrollAsync(new EnrollRequest { Tenant = "shop", SubjectId = "alice", Images = { TestImages.Png(100) } });
            threshold = (await host.ClientFor("shop").CalibrateAsync(Request("shop", 0.1))).Calibration.Threshold;
        }

        await using var again = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), dataDirectory: data.Path);
        var answer = await again.ClientFor("shop").IdentifyAsync(new IdentifyRequest { Tenant = "shop", Image = TestImages.Png(100) });
        var subjects = await again.ClientFor("shop").ListSubjectsAsync(new ListSubjectsRequest { Tenant = "shop" });

        Assert.Equal(threshold, answer.Threshold);
        Assert.Equal(["alice"], subjects.Subjects.Select(s => s.SubjectId));
    }

    [Fact]
    public async Task CalibrationWithoutEnoughLabelsOrWithABadTargetSaysWhatIsMissing()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var oneLabel = new CalibrateRequest { Tenant = "shop", TargetFalseAcceptRate = 0.01 };
        oneLabel.Images.Add(new LabelledImage { Label = "a", Image = TestImages.Png(100) });
        oneLabel.Images.Add(new LabelledImage { Label = "a", Image = TestImages.Png(101) });
        var badTarget = Request("shop", 0.9);
        var noLabel = Request("shop", 0.01);
        noLabel.Images[0].Label = "";

        var one = await Assert.ThrowsAsync<RpcException>(() => host.ClientFor("shop").CalibrateAsync(oneLabel).ResponseAsync);
        var bad = await Assert.ThrowsAsync<RpcException>(() => host.ClientFor("shop").CalibrateAsync(badTarget).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => host.ClientFor("shop").CalibrateAsync(noLabel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, one.StatusCode);
        Assert.Contains("at least two labels", one.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("0.9", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("image 0", missing.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnePictureUnderTwoLabelsIsRefusedInsteadOfAThresholdOfZero()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.ClientFor("shop").EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        var request = new CalibrateRequest { TargetFalseAcceptRate = 0.1 };
        request.Images.AddRange(new (string Label, float Gray)[] { ("a", 100), ("a", 104), ("b", 100), ("b", 160), ("c", 200) }
            .Select(l => new LabelledImage { Label = l.Label, Image = TestImages.Png(l.Gray) }));

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.ClientFor("shop").CalibrateAsync(request).ResponseAsync);

        // Before: stored a threshold of -1e-45, and every identify of the tenant answered "unknown".
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("labels 'a' and 'b'", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("model", (await host.ClientFor("shop").GetCalibrationAsync(new GetCalibrationRequest())).Source);
    }

    [Fact]
    public async Task ACalibrationSentInSeveralMessagesGivesWhatOneCallGives()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var client = host.ClientFor("shop");
        var whole = await client.CalibrateAsync(Request("shop", 0.05, dryRun: true));

        // Three messages; the later ones leave tenant, target and dry run unset. The key's tenant fills an empty one.
        var all = Request("", 0.05);
        using var call = client.CalibrateStream();
        for (var start = 0; start < all.Images.Count; start += 4)
        {
            var message = start == 0 ? new CalibrateRequest { TargetFalseAcceptRate = 0.05 } : new CalibrateRequest();
            message.Images.AddRange(all.Images.Skip(start).Take(4));
            await call.RequestStream.WriteAsync(message);
        }

        await call.RequestStream.CompleteAsync();
        var streamed = await call;

        Assert.True(streamed.Stored);
        Assert.Equal(whole.Calibration.Threshold, streamed.Calibration.Threshold);
        Assert.Equal((6L, 30L, 9), (streamed.Calibration.GenuinePairs, streamed.Calibration.ImpostorPairs, streamed.Calibration.Samples));
        Assert.Equal("tenant", (await client.GetCalibrationAsync(new GetCalibrationRequest())).Source);
    }

    [Fact]
    public async Task AStreamedCalibrationRefusesNoKeyAnAdminKeyAnotherTenantAnotherTargetABadLabelByItsNumberAndNoMessageAtAll()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var client = host.ClientFor("shop");

        var otherTenant = await StreamAsync(client, Request("shop", 0.05), new CalibrateRequest { Tenant = "other" });
        var otherTarget = await StreamAsync(client, Request("shop", 0.05), new CalibrateRequest { TargetFalseAcceptRate = 0.1 });
        var unlabelled = Request("", 0);
        unlabelled.Images[1].Label = "";
        var badLabel = await StreamAsync(client, Request("shop", 0.05), unlabelled);
        var none = await StreamAsync(client);
        var anonymous = await StreamAsync(host.ClientFor(null), Request("", 0.05));
        var admin = await StreamAsync(new Matcher.MatcherClient(host.ChannelFor(null).Intercept(m =>
        {
            m.Add("x-api-key", TestKeys.AdminKey);
            return m;
        })), Request("shop", 0.05));

        // The key's tenant is checked on every message, as on a unary request.
        Assert.Equal(StatusCode.PermissionDenied, otherTenant.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, otherTarget.StatusCode);
        Assert.Contains("message 1 asks for another target or dry run than the first", otherTarget.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badLabel.StatusCode);
        Assert.Contains("image 10 has no valid label", badLabel.Status.Detail, StringComparison.Ordinal); // numbered over the stream
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
        Assert.Contains("held no message", none.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("model", (await client.GetCalibrationAsync(new GetCalibrationRequest())).Source);
    }

    [Fact]
    public async Task SkipsAndErrorsNameTheSentPictureInOneCallAsInAStream()
    {
        // A blur gate rejects the uniform first picture: it is skipped, so the usable pictures are numbered one lower
        // than the sent ones. Errors and skips name the sent picture (before: the unary call named a bad label after a
        // skip by its place among the usable ones, "image 4" for image 5, and every skip named its picture twice).
        var settings = new Dictionary<string, string?> { ["Crops:MinSharpness"] = "1" };
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), settings: settings);
        var client = host.ClientFor("shop");
        LabelledImage[] good =
        [
            new() { Label = "a", Image = TestImages.Png(100) },
            .. new (string Label, float Gray)[] { ("a", 100), ("a", 102), ("b", 130), ("b", 132) }
                .Select(l => new LabelledImage { Label = l.Label, Image = TestImages.Textured(l.Gray) }),
        ];
        var unlabelled = new LabelledImage { Label = "", Image = TestImages.Textured(160) };

        var calibrated = await client.CalibrateAsync(new CalibrateRequest { TargetFalseAcceptRate = 0.1, DryRun = true, Images = { good } });
        var oneCall = await Assert.ThrowsAsync<RpcException>(() => client.CalibrateAsync(new CalibrateRequest { TargetFalseAcceptRate = 0.1, Images = { good, unlabelled } }).ResponseAsync);
        var badEmbedding = await Assert.ThrowsAsync<RpcException>(() => client.CalibrateAsync(new CalibrateRequest
        {
            TargetFalseAcceptRate = 0.1,
            Images = { good },
            Embeddings = { new LabelledEmbedding { Label = "c", Embedding = new Embedding { Values = { FakeModel.At(160) } } }, new LabelledEmbedding { Label = "", Embedding = new Embedding { Values = { FakeModel.At(162) } } } },
        }).ResponseAsync);
        var streamed = await StreamAsync(
            client,
            new CalibrateRequest { TargetFalseAcceptRate = 0.1, Images = { good.Take(3) } },
            new CalibrateRequest { Images = { good.Skip(3) } },
            new CalibrateRequest { Images = { unlabelled } });

        using var form = new MultipartFormDataContent();
        foreach (var (image, i) in good.Select((g, i) => (g, i)))
        {
            form.Add(new ByteArrayContent(image.Image.ToByteArray()), image.Label, $"shelf-{i}.png");
        }

        using var overHttp = await host.HttpFor("shop").PostAsync("/v1/tenants/shop/calibration?dryRun=true&targetFalseAcceptRate=0.1", form);
        var formSkips = System.Text.Json.JsonDocument.Parse(await overHttp.Content.ReadAsStringAsync()).RootElement.GetProperty("skipped");

        var skip = Assert.Single(calibrated.Skipped);
        Assert.Equal(System.Net.HttpStatusCode.OK, overHttp.StatusCode);
        Assert.StartsWith("image 0 ('shelf-0.png') (label a): ", Assert.Single(formSkips.EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.StartsWith("image 0 (label a): ", skip, StringComparison.Ordinal);
        Assert.Equal(1, skip.Split("image 0").Length - 1);
        Assert.Contains("blur", skip, StringComparison.Ordinal);
        Assert.Equal(4, calibrated.Calibration.Samples);
        Assert.Contains("image 5 has no valid label", oneCall.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("embedding 1 has no valid label", badEmbedding.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("image 5 has no valid label", streamed.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("model", (await client.GetCalibrationAsync(new GetCalibrationRequest())).Source);
    }

    public static TheoryData<string, byte[]> BrokenStreams => new()
    {
        { "truncated varint", Frame([0x08, 0xFF, 0xFF]) },
        { "length past the end", Frame([0x0A, 0x7F, 0x01]) },
        { "wire type 7", Frame([0x0F, 0x01]) },
        { "header only", [0, 0, 0] },
        { "header announces more than follows", [0, 0, 0, 0, 100, 1, 2, 3] },
        { "compressed without an encoding", [1, 0, 0, 0, 2, 0x08, 0x01] },
        { "undefined flag", [2, 0, 0, 0, 0] },
        { "a good message, then a broken one", [.. Frame([0x0A, 4, (byte)'s', (byte)'h', (byte)'o', (byte)'p']), .. Frame([0x0F, 0x01])] },
        { "header announces 4 GiB", [0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3] }, // too large: RESOURCE_EXHAUSTED
    };

    [Theory]
    [MemberData(nameof(BrokenStreams))]
    public async Task ABrokenMessageInACalibrationStreamIsInvalidArgumentAndATooLargeOneResourceExhausted(string what, byte[] body)
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/siamese.v1.Matcher/CalibrateStream")
        {
            Version = System.Net.HttpVersion.Version20,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");

        using var response = await host.HttpFor("shop").SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var status = Trailer(response, "grpc-status");
        var message = Uri.UnescapeDataString(Trailer(response, "grpc-message") ?? "");
        var expected = what.StartsWith("header announces 4", StringComparison.Ordinal) ? StatusCode.ResourceExhausted : StatusCode.InvalidArgument;
        Assert.True(status == ((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{what}: {status} {message}");
        Assert.DoesNotContain("Siamese.", message, StringComparison.Ordinal);
    }

    private static string? Trailer(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.First() : response.Headers.TryGetValues(name, out var h) ? h.First() : null;

    private static byte[] Frame(byte[] payload) => [0, 0, 0, 0, (byte)payload.Length, .. payload];

    private static async Task<RpcException> StreamAsync(Matcher.MatcherClient client, params CalibrateRequest[] messages)
    {
        using var call = client.CalibrateStream();
        try
        {
            foreach (var message in messages)
            {
                // A write to a call the service has ended can wait for the call's deadline (the CLI met it): the answer ends it.
                var write = call.RequestStream.WriteAsync(message);
                if (await Task.WhenAny(write, call.ResponseAsync) != write)
                {
                    break;
                }

                await write;
            }

            if (!call.ResponseAsync.IsCompleted)
            {
                await call.RequestStream.CompleteAsync();
            }
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or OperationCanceledException)
        {
            // The service ended the call while messages were still being written: its status is the answer.
        }

        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
    }

    private static CalibrateRequest Request(string tenant, double target, bool dryRun = false)
    {
        var request = new CalibrateRequest { Tenant = tenant, TargetFalseAcceptRate = target, DryRun = dryRun };
        request.Images.AddRange(Labelled.Select(l => new LabelledImage { Label = l.Label, Image = TestImages.Png(l.Gray) }));
        return request;
    }
}
