using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

public sealed class TenantIsolationTests
{
    [Fact]
    public async Task TenantsNeverSeeEachOthersSubjects()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { Tenant = "north", SubjectId = "alice", Images = { TestImages.Png(100) } });
        await host.Client.EnrollAsync(new EnrollRequest { Tenant = "south", SubjectId = "bob", Images = { TestImages.Png(180) } });

        var south = await host.Client.IdentifyAsync(new IdentifyRequest { Tenant = "south", Image = TestImages.Png(100), TopK = 10 });
        var southList = await host.Client.ListSubjectsAsync(new ListSubjectsRequest { Tenant = "south" });
        var getAcross = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.GetSubjectAsync(new GetSubjectRequest { Tenant = "south", SubjectId = "alice" }).ResponseAsync);
        var deleteAcross = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.DeleteSubjectAsync(new DeleteSubjectRequest { Tenant = "south", SubjectId = "alice" }).ResponseAsync);
        var north = await host.Client.IdentifyAsync(new IdentifyRequest { Tenant = "north", Image = TestImages.Png(100) });

        Assert.Equal(["bob"], south.Results[0].Candidates.Select(c => c.SubjectId));
        Assert.Equal(Decision.Unknown, south.Results[0].Decision);
        Assert.Equal(["bob"], southList.Subjects.Select(s => s.SubjectId));
        Assert.Equal(StatusCode.NotFound, getAcross.StatusCode);
        Assert.Equal(StatusCode.NotFound, deleteAcross.StatusCode);
        Assert.Equal("alice", north.Results[0].SubjectId);
    }

    [Fact]
    public async Task EmptyTenantMeansTheDefaultTenant()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });

        var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Tenant = "default", Image = TestImages.Png(100) });

        Assert.Equal("alice", answer.Results[0].SubjectId);
    }
}
