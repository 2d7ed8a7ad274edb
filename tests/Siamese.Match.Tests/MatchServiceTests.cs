using System.Net;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

public sealed class MatchServiceTests
{
    [Fact]
    public async Task EnrolledSubjectIsIdentifiedAsKnown()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var shop = host.ClientFor("shop1");
        var enrolled = await shop.EnrollAsync(new EnrollRequest { SubjectId = "alice", DisplayName = "Alice", Images = { TestImages.Png(100) } });
        await shop.EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(150) } });

        var answer = await shop.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(104) });

        var face = Assert.Single(answer.Results);
        Assert.Single(enrolled.ExampleIds);
        Assert.Equal(Decision.Known, face.Decision);
        Assert.Equal("alice", face.SubjectId);
        Assert.Equal("Alice", face.DisplayName);
        Assert.Equal(["alice", "bob"], face.Candidates.Select(c => c.SubjectId));
        Assert.Equal(0.4f, face.Candidates[0].Distance, 3);
        Assert.Equal(new Box { X = 0, Y = 0, Width = 20, Height = 24 }, face.Box);
        Assert.Equal(1.0f, answer.Threshold);
        Assert.Equal("fake:1", answer.ModelId);
    }

    [Fact]
    public async Task IdentifyReturnsUnknownWhenNearestIsBeyondThreshold()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });

        var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(125) });

        var face = Assert.Single(answer.Results);
        Assert.Equal(Decision.Unknown, face.Decision);
        Assert.Equal("", face.SubjectId);
        Assert.Equal("alice", Assert.Single(face.Candidates).SubjectId);
    }

    [Fact]
    public async Task ThresholdOverrideReplacesTheCalibratedOne()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100) } });

        var loose = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(125), Threshold = 3f });
        var strict = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(104), Threshold = 0.1f });

        Assert.Equal(Decision.Known, loose.Results[0].Decision);
        Assert.Equal(3f, loose.Threshold);
        Assert.Equal(Decision.Unknown, strict.Results[0].Decision);
    }

    [Fact]
    public async Task SubjectWithSeveralExamplesIsAnsweredByItsNearestExample()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var enrolled = await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(50), TestImages.Png(200) } });
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(180) } });

        var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(198) });

        var face = answer.Results[0];
        Assert.Equal(2, enrolled.ExampleCount);
        Assert.Equal("alice", face.SubjectId);
        Assert.Equal(enrolled.ExampleIds[1], face.Candidates[0].ExampleId);
        Assert.Equal(2, face.Candidates.Count);
    }

    [Fact]
    public async Task IdentifyAcceptsAPrecomputedEmbeddingAndHonoursTopK()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        foreach (var (name, gray) in new[] { ("a", 10f), ("b", 20f), ("c", 30f) })
        {
            await host.Client.EnrollAsync(new EnrollRequest { SubjectId = name, Embeddings = { new Embedding { Values = { FakeModel.At(gray) } } } });
        }

        var answer = await host.Client.IdentifyAsync(new IdentifyRequest { Embedding = new Embedding { Values = { FakeModel.At(21) } }, TopK = 2 });

        var face = answer.Results[0];
        Assert.Equal(["b", "c"], face.Candidates.Select(c => c.SubjectId));
        Assert.Null(face.Box);
    }

    [Fact]
    public async Task VerifyComparesTwoImagesOrAnImageWithASubject()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100), TestImages.Png(140) } });

        var same = await host.Client.VerifyAsync(new VerifyRequest { Image = TestImages.Png(100), OtherImage = TestImages.Png(105) });
        var different = await host.Client.VerifyAsync(new VerifyRequest { Image = TestImages.Png(100), OtherImage = TestImages.Png(160) });
        var subject = await host.Client.VerifyAsync(new VerifyRequest { Image = TestImages.Png(137), SubjectId = "alice" });

        Assert.True(same.Same);
        Assert.Equal(0.5f, same.Distance, 3);
        Assert.False(different.Same);
        Assert.Equal(6f, different.Distance, 3);
        Assert.True(subject.Same);
        Assert.Equal(0.3f, subject.Distance, 3);
    }

    [Fact]
    public async Task SubjectsCanBeListedReadAndDeletedWithEveryExample()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        foreach (var (name, gray) in new[] { ("s1", 10f), ("s2", 100f), ("s3", 200f) })
        {
            await host.Client.EnrollAsync(new EnrollRequest { SubjectId = name, Images = { TestImages.Png(gray), TestImages.Png(gray + 1) } });
        }

        var first = await host.Client.ListSubjectsAsync(new ListSubjectsRequest { PageSize = 2 });
        var second = await host.Client.ListSubjectsAsync(new ListSubjectsRequest { PageSize = 2, PageToken = first.NextPageToken });
        var s2 = await host.Client.GetSubjectAsync(new GetSubjectRequest { SubjectId = "s2" });
        var deleted = await host.Client.DeleteSubjectAsync(new DeleteSubjectRequest { SubjectId = "s2" });
        var after = await host.Client.IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(100), TopK = 10 });

        Assert.Equal(["s1", "s2"], first.Subjects.Select(s => s.SubjectId));
        Assert.Equal(["s3"], second.Subjects.Select(s => s.SubjectId));
        Assert.Equal("", second.NextPageToken);
        Assert.Equal(2, s2.ExampleCount);
        Assert.Equal(2, deleted.RemovedExamples);
        Assert.DoesNotContain(after.Results[0].Candidates, c => c.SubjectId == "s2");
        Assert.Equal(Decision.Unknown, after.Results[0].Decision);
    }

    [Fact]
    public async Task GetModelInfoNamesTheModelAndTheIndex()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());

        var info = await host.Client.GetModelInfoAsync(new GetMatchModelInfoRequest());

        Assert.Equal("fake:1", info.Model.ModelId);
        Assert.Equal(FakeModel.Dimension, info.Model.EmbeddingDimension);
        Assert.Equal(1.0f, info.Model.Threshold);
        Assert.Equal("Embedded", info.Index);
    }

    [Fact]
    public async Task RestTranscodingServesEnrolIdentifyAndErrors()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var image = TestImages.Png(100).ToBase64();
        var http = host.HttpFor("web");

        var enrol = await http.PostAsync(new Uri("/v1/tenants/web/subjects/carol/examples", UriKind.Relative), Json($"{{\"images\":[\"{image}\"]}}"));
        var identify = await http.PostAsync(new Uri("/v1/tenants/web/identify", UriKind.Relative), Json($"{{\"image\":\"{image}\"}}"));
        var subjects = await http.GetStringAsync(new Uri("/v1/tenants/web/subjects", UriKind.Relative));
        var missing = await http.GetAsync(new Uri("/v1/tenants/web/subjects/x", UriKind.Relative));
        var other = await http.GetAsync(new Uri("/v1/tenants/nobody/subjects/x", UriKind.Relative));
        var tooMany = await http.PostAsync(new Uri("/v1/tenants/web/subjects/carol/examples", UriKind.Relative),
            Json($"{{\"images\":[{string.Join(',', Enumerable.Repeat($"\"{image}\"", 9))}]}}"));
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Contains("carol", await identify.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("DECISION_KNOWN", await identify.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("carol", subjects, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task EnrollingTheSamePhotoAgainAddsNoCopy()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var first = await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100), TestImages.Png(120) } });

        // A client retrying after a timeout, or a bulk enrolment run again over a folder that gained an image.
        var again = await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(100), TestImages.Png(140), TestImages.Png(140) } });
        var other = await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(100) } });
        await host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "bob", Image = TestImages.Png(107) });
        await host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = "bob", Image = TestImages.Png(107) });
        var bob = await host.Client.GetSubjectAsync(new GetSubjectRequest { SubjectId = "bob" });

        Assert.Equal(first.ExampleIds[0], again.ExampleIds[0]);
        Assert.Equal(again.ExampleIds[1], again.ExampleIds[2]);
        Assert.Equal((2, 3), (first.ExampleCount, again.ExampleCount));
        Assert.Equal((2, 1, 1), (first.AddedCount, again.AddedCount, other.AddedCount));
        Assert.NotEqual(first.ExampleIds[0], other.ExampleIds[0]);
        Assert.Equal((1, 1), (bob.ExampleCount, bob.NegativeCount));
    }

    [Fact]
    public async Task EnrollingMoreExamplesWithoutANameKeepsTheSubjectsName()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", DisplayName = "Alice Liddell", Images = { TestImages.Png(100) } });

        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = "alice", Images = { TestImages.Png(101) } });
        var alice = await host.Client.GetSubjectAsync(new GetSubjectRequest { SubjectId = "alice" });

        Assert.Equal(("Alice Liddell", 2), (alice.DisplayName, alice.ExampleCount));
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
