using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>"Not this person": a reported wrong match refuses the subject for probes nearer to it than to the subject's examples.</summary>
public sealed class WrongMatchTests
{
    [Fact]
    public async Task ImpostorThatMatchedIsAnsweredUnknownAfterOneReportWhileGenuineProbesStillMatch()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        var before = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(107) });

        var report = await host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "alice", Image = TestImages.Png(107) });
        var impostor = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(107) });
        var genuine = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(102) });

        Assert.Equal("alice", before.Results[0].SubjectId);
        Assert.Equal(1, report.NegativeCount);
        Assert.Equal(0.7f, report.Distance, 3);
        Assert.Equal(Decision.Unknown, impostor.Results[0].Decision);
        var refused = Assert.Single(impostor.Results[0].Candidates);
        Assert.True(refused.Refused);
        Assert.Equal(0f, refused.NegativeDistance, 3);
        Assert.Equal(Decision.Known, genuine.Results[0].Decision);
        Assert.Equal("alice", genuine.Results[0].SubjectId);
        Assert.False(genuine.Results[0].Candidates[0].Refused);
    }

    [Fact]
    public async Task RefusedSubjectPassesTheAnswerToTheNextCandidateWithinTheThreshold()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(108) } });
        await host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "alice", Embedding = new Embedding { Values = { FakeModel.At(103.5f) } } });

        var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Embedding = new Embedding { Values = { FakeModel.At(103.8f) } } });

        Assert.Equal(["alice", "bob"], answer.Results[0].Candidates.Select(c => c.SubjectId));
        Assert.True(answer.Results[0].Candidates[0].Refused);
        Assert.Equal("bob", answer.Results[0].SubjectId);
    }

    [Fact]
    public async Task SubjectsShowTheirReportCountAndDeletingASubjectForgetsItsReports()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(150) } });
        await host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "alice", Image = TestImages.Png(106) });
        await host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "alice", Image = TestImages.Png(108) });

        var listed = await host.Client.ListSubjectsAsync(new ListSubjectsRequest());
        await host.Client.DeleteSubjectAsync(new DeleteSubjectRequest { SubjectId = "alice" });
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });
        var again = await host.Client.GetSubjectAsync(new GetSubjectRequest { SubjectId = "alice" });
        var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(106) });

        Assert.Equal([2, 0], listed.Subjects.Select(s => s.NegativeCount));
        Assert.Equal(0, again.NegativeCount);
        Assert.Equal("alice", answer.Results[0].SubjectId);
    }

    [Fact]
    public async Task ReportsOnlyTouchTheirOwnTenant()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        foreach (var tenant in new[] { "north", "south" })
        {
            await host.ClientFor(tenant).EnrollAsync(new EnrollRequest { Tenant = tenant, SubjectId = "alice", Images = { TestImages.Png(100) } });
        }

        await host.ClientFor("north").ReportWrongMatchAsync(new ReportWrongMatchRequest { Tenant = "north", SubjectId = "alice", Image = TestImages.Png(107) });
        var north = await host.ClientFor("north").IdentifyAsync(new IdentifyRequest { Tenant = "north", Image = TestImages.Png(107) });
        var south = await host.ClientFor("south").IdentifyAsync(new IdentifyRequest { Tenant = "south", Image = TestImages.Png(107) });

        Assert.Equal(Decision.Unknown, north.Results[0].Decision);
        Assert.Equal(Decision.Known, south.Results[0].Decision);
    }

    [Fact]
    public async Task ReportingASubjectThatIsNotEnrolledSaysSoAndStoresNothing()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });

        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "mallory", Image = TestImages.Png(107) }).ResponseAsync);
        var noProbe = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "alice" }).ResponseAsync);
        var wrongLength = await Assert.ThrowsAsync<RpcException>(() => host.Client.ReportWrongMatchAsync(
            new ReportWrongMatchRequest { SubjectId = "alice", Embedding = new Embedding { Values = { 1f, 2f } } }).ResponseAsync);
        var subject = await host.Client.GetSubjectAsync(new GetSubjectRequest { SubjectId = "alice" });

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("mallory", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, noProbe.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, wrongLength.StatusCode);
        Assert.Equal(0, subject.NegativeCount);
    }
}
