using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>Each key acts for its own tenant only; naming another tenant is refused alike whether it exists or not.</summary>
public sealed class TenantIsolationTests
{
    [Fact]
    public async Task TenantsNeverSeeEachOthersSubjects()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var north = host.ClientFor("north");
        var south = host.ClientFor("south");
        await north.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        await south.EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(180) } });

        var southAnswer = await south.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(100), TopK = 10 });
        var southList = await south.ListSubjectsAsync(new ListSubjectsRequest());
        var getAcross = await Assert.ThrowsAsync<RpcException>(() => south.GetSubjectAsync(new GetSubjectRequest { SubjectId = "alice" }).ResponseAsync);
        var deleteAcross = await Assert.ThrowsAsync<RpcException>(() => south.DeleteSubjectAsync(new DeleteSubjectRequest { SubjectId = "alice" }).ResponseAsync);
        var northAnswer = await north.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(100) });

        Assert.Equal(["bob"], southAnswer.Results[0].Candidates.Select(c => c.SubjectId));
        Assert.Equal(Decision.Unknown, southAnswer.Results[0].Decision);
        Assert.Equal(["bob"], southList.Subjects.Select(s => s.SubjectId));
        Assert.Equal(StatusCode.NotFound, getAcross.StatusCode);
        Assert.Equal(StatusCode.NotFound, deleteAcross.StatusCode);
        Assert.Equal("alice", northAnswer.Results[0].SubjectId);
    }

    [Fact]
    public async Task NamingAnotherTenantIsRefusedAlikeWhetherItExistsOrNot()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.ClientFor("north").EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        var south = host.ClientFor("south");

        var existing = await Assert.ThrowsAsync<RpcException>(() => south.ListSubjectsAsync(new ListSubjectsRequest { Tenant = "north" }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => south.ListSubjectsAsync(new ListSubjectsRequest { Tenant = "nowhere" }).ResponseAsync);
        var poison = await Assert.ThrowsAsync<RpcException>(() =>
            south.EnrollAsync(new EnrollRequest { Tenant = "north", SubjectId = "alice", Images = { TestImages.Png(180) } }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, existing.StatusCode);
        Assert.Equal((existing.StatusCode, existing.Status.Detail), (missing.StatusCode, missing.Status.Detail));
        Assert.Equal(StatusCode.PermissionDenied, poison.StatusCode);
        Assert.Equal(1, (await host.ClientFor("north").GetSubjectAsync(new GetSubjectRequest { SubjectId = "alice" })).ExampleCount);
    }

    [Fact]
    public async Task CallsWithoutAKeyOrWithAnAdminKeyReachNoTenantsData()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        var admin = new Metadata { { "x-api-key", TestKeys.AdminKey } };

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => host.ClientFor(null).ListSubjectsAsync(new ListSubjectsRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() =>
            host.ClientFor(null).ListSubjectsAsync(new ListSubjectsRequest(), new Metadata { { "x-api-key", "sia_aaaaaaaaaaaa_nope" } }).ResponseAsync);
        var asAdmin = await Assert.ThrowsAsync<RpcException>(() => host.ClientFor(null).ListSubjectsAsync(new ListSubjectsRequest { Tenant = "default" }, admin).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, asAdmin.StatusCode);
    }

    [Fact]
    public async Task ReservedTenantsAreReachableByNoKey()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var shop = host.ClientFor("shop");
        await shop.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        await shop.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "alice", Image = TestImages.Png(107) });
        var admin = new Admin.AdminClient(host.ChannelFor(null));
        var adminKey = new Metadata { { "x-api-key", TestKeys.AdminKey } };

        var listNegatives = await Assert.ThrowsAsync<RpcException>(() =>
            shop.ListSubjectsAsync(new ListSubjectsRequest { Tenant = "shop#wrong-matches" }).ResponseAsync);
        var readCalibration = await Assert.ThrowsAsync<RpcException>(() =>
            shop.GetCalibrationAsync(new GetCalibrationRequest { Tenant = "shop#calibration" }).ResponseAsync);
        var createReserved = await Assert.ThrowsAsync<RpcException>(() =>
            admin.CreateTenantAsync(new CreateTenantRequest { Tenant = "shop#calibration" }, adminKey).ResponseAsync);
        using var overRest = await host.HttpFor("shop").GetAsync("/v1/tenants/shop%23wrong-matches/subjects");

        Assert.Equal(StatusCode.PermissionDenied, listNegatives.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, readCalibration.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, createReserved.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, overRest.StatusCode);
    }

    [Fact]
    public async Task WrongMatchReportsAndCalibrationActOnlyForTheKeysTenant()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.ClientFor("north").EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        var south = host.ClientFor("south");
        var calibrate = new CalibrateRequest { Tenant = "north", TargetFalseAcceptRate = 0.1 };
        calibrate.Images.Add(new LabelledImage { Label = "a", Image = TestImages.Png(100) });

        var report = await Assert.ThrowsAsync<RpcException>(() =>
            south.ReportWrongMatchAsync(new ReportWrongMatchRequest { Tenant = "north", SubjectId = "alice", Image = TestImages.Png(107) }).ResponseAsync);
        var calibration = await Assert.ThrowsAsync<RpcException>(() => south.CalibrateAsync(calibrate).ResponseAsync);
        var delete = await Assert.ThrowsAsync<RpcException>(() => south.DeleteCalibrationAsync(new DeleteCalibrationRequest { Tenant = "north" }).ResponseAsync);
        using var photo = new ByteArrayContent(TestImages.Png(107).ToByteArray());
        photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var overRest = await host.HttpFor("south").PostAsync("/v1/tenants/north/subjects/alice/wrong-matches", photo);

        Assert.All(new[] { report, calibration, delete }, e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, overRest.StatusCode);
        Assert.Equal(0, (await host.ClientFor("north").GetSubjectAsync(new GetSubjectRequest { SubjectId = "alice" })).NegativeCount);
    }

    [Fact]
    public async Task ATenantDeletedAndCreatedAgainUnderItsNameStartsEmpty()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var shop = host.ClientFor("shop");
        await shop.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100), TestImages.Png(102) } });
        await shop.EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(180) } });
        await shop.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "alice", Image = TestImages.Png(107) });
        var calibrate = new CalibrateRequest { TargetFalseAcceptRate = 0.1 };
        calibrate.Images.AddRange(new (string Label, float Gray)[] { ("a", 100), ("a", 102), ("b", 150), ("b", 152), ("c", 200), ("c", 202) }
            .Select(l => new LabelledImage { Label = l.Label, Image = TestImages.Png(l.Gray) }));
        Assert.True((await shop.CalibrateAsync(calibrate)).Stored);
        await host.ClientFor("north").EnrollAsync(new EnrollRequest { SubjectId = "carol", Images = { TestImages.Png(100) } });
        var admin = new Admin.AdminClient(host.ChannelFor(null));
        var adminKey = new Metadata { { "x-api-key", TestKeys.AdminKey } };

        var deleted = await admin.DeleteTenantAsync(new DeleteTenantRequest { Tenant = "shop" }, adminKey);
        await admin.CreateTenantAsync(new CreateTenantRequest { Tenant = "shop" }, adminKey);
        var newKey = new Metadata { { "x-api-key", (await admin.CreateKeyAsync(new CreateKeyRequest { Tenant = "shop" }, adminKey)).Key } };
        var newShop = new Matcher.MatcherClient(host.ChannelFor(null));
        var list = await Assert.ThrowsAsync<RpcException>(() => newShop.ListSubjectsAsync(new ListSubjectsRequest(), newKey).ResponseAsync);
        var calibration = await newShop.GetCalibrationAsync(new GetCalibrationRequest(), newKey);
        await newShop.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } }, newKey);
        var alice = await newShop.GetSubjectAsync(new GetSubjectRequest { SubjectId = "alice" }, newKey);

        // Two subjects, three images and one wrong-match report erased; the test's key of the tenant revoked.
        Assert.Equal((1, 2L, 4L), (deleted.RevokedKeys, deleted.DeletedSubjects, deleted.DeletedExamples));
        Assert.Equal(StatusCode.NotFound, list.StatusCode);
        Assert.Equal("model", calibration.Source);
        Assert.Equal((1, 0), (alice.ExampleCount, alice.NegativeCount));
        Assert.Equal(1, (await host.ClientFor("north").GetSubjectAsync(new GetSubjectRequest { SubjectId = "carol" })).ExampleCount);
    }

    [Fact]
    public async Task ADeletedTenantsExamplesAlsoLeaveTheIndexOfAModelServedBefore()
    {
        using var data = new TempDirectory();
        var retired = new Siamese.Index.EmbeddedIndexOptions { DataDirectory = data.Path };
        var space = new Siamese.Index.VectorSpace("retired-faces:1", 8);
        await using (var old = new Siamese.Index.EmbeddedVectorIndex(retired, space))
        {
            await old.InitializeAsync();
            await old.UpsertAsync([Record("shop", "alice"), Record("shop", "bob"), Record("north", "carol")]);
        }

        await using (var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), dataDirectory: data.Path))
        {
            await host.ClientFor("shop").EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
            var admin = new Admin.AdminClient(host.ChannelFor(null));

            var deleted = await admin.DeleteTenantAsync(new DeleteTenantRequest { Tenant = "shop" }, new Metadata { { "x-api-key", TestKeys.AdminKey } });

            // Before: the 2 examples under the model served before stayed in its folder.
            Assert.Equal((1L, 3L), (deleted.DeletedSubjects, deleted.DeletedExamples));

            // And in no file: the served index compacted too (before, its snapshot kept the erased vectors until its log
            // grew to 64 MB or the host restarted).
            Assert.False(IndexFiles.Contain(data.Path, "alice"));
            Assert.True(IndexFiles.Contain(data.Path, "carol"));
        }

        await using var reopened = new Siamese.Index.EmbeddedVectorIndex(retired, space);
        await reopened.InitializeAsync();
        Assert.Equal((0L, 1L), (await reopened.CountAsync("shop"), await reopened.CountAsync("north")));
    }

    private static Siamese.Index.VectorRecord Record(string tenant, string subject) => new(Guid.NewGuid(), tenant, subject, subject, [1, 2, 3, 4, 5, 6, 7, 8]);
}
