using Google.Protobuf;
using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>Every RPC with bad input: the right status, a message saying what was wrong, and the next good call works.</summary>
public sealed class BadInputTests
{
    private static readonly ByteString Corrupt = ByteString.CopyFrom([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6]);
    private static readonly ByteString Garbage = ByteString.CopyFromUtf8("this is not an image at all");

    public static TheoryData<string, StatusCode, string> Cases => new()
    {
        { "enroll: no images", StatusCode.InvalidArgument, "no images and no embeddings" },
        { "enroll: empty image", StatusCode.InvalidArgument, "image 0:" },
        { "enroll: corrupt image", StatusCode.InvalidArgument, "image 0:" },
        { "enroll: not an image", StatusCode.InvalidArgument, "image 0:" },
        { "enroll: too many pixels", StatusCode.ResourceExhausted, "image 0:" },
        { "enroll: too many bytes", StatusCode.ResourceExhausted, "image 0:" },
        { "enroll: wrong embedding length", StatusCode.InvalidArgument, "embedding 0 has 3 values; the model's embeddings have 4" },
        { "enroll: no subject", StatusCode.InvalidArgument, "Subject id is empty" },
        { "enroll: bad tenant", StatusCode.PermissionDenied, "acts for one tenant only" },
        { "enroll: too many examples", StatusCode.ResourceExhausted, "at most 8" },
        { "identify: no query", StatusCode.InvalidArgument, "no query" },
        { "identify: empty image", StatusCode.InvalidArgument, "image:" },
        { "identify: corrupt image", StatusCode.InvalidArgument, "image:" },
        { "identify: too many pixels", StatusCode.ResourceExhausted, "image:" },
        { "identify: wrong embedding length", StatusCode.InvalidArgument, "embedding 0 has 3 values" },
        { "identify: another tenant", StatusCode.PermissionDenied, "acts for one tenant only" },
        { "identify: negative top_k", StatusCode.InvalidArgument, "top_k (topK over HTTP) -1 is out of range" },
        { "identify: negative threshold", StatusCode.InvalidArgument, "Threshold override -1 is not valid" },
        { "verify: no reference", StatusCode.InvalidArgument, "no reference" },
        { "verify: empty image", StatusCode.InvalidArgument, "image:" },
        { "verify: corrupt other image", StatusCode.InvalidArgument, "other_image:" },
        { "verify: unknown subject", StatusCode.NotFound, "Subject 'zed' is not enrolled in tenant 't'" },
        { "verify: another tenant", StatusCode.PermissionDenied, "acts for one tenant only" },
        { "list: another tenant", StatusCode.PermissionDenied, "acts for one tenant only" },
        { "list: page size too large", StatusCode.InvalidArgument, "Page size 5000 is out of range" },
        { "list: bad page token", StatusCode.InvalidArgument, "token" },
        { "get: unknown subject", StatusCode.NotFound, "Subject 'zed' is not enrolled in tenant 't'" },
        { "get: another tenant", StatusCode.PermissionDenied, "acts for one tenant only" },
        { "get: empty subject", StatusCode.InvalidArgument, "Subject id is empty" },
        { "delete: unknown subject", StatusCode.NotFound, "Subject 'zed' is not enrolled in tenant 't'" },
        { "delete: another tenant", StatusCode.PermissionDenied, "acts for one tenant only" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputGetsAClearStatusAndTheServiceKeepsServing(string call, StatusCode expected, string message)
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient());
        var c = host.ClientFor("t");
        await c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "alice", Images = { TestImages.Png(100) } });

        var error = await Assert.ThrowsAsync<RpcException>(() => Call(c, call));
        var next = await c.IdentifyAsync(new IdentifyRequest { Tenant = "t", Image = TestImages.Png(100) });

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("alice", next.Results[0].SubjectId);
    }

    private static Task Call(Matcher.MatcherClient c, string call) => call switch
    {
        "enroll: no images" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x" }).ResponseAsync,
        "enroll: empty image" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x", Images = { ByteString.Empty } }).ResponseAsync,
        "enroll: corrupt image" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x", Images = { Corrupt } }).ResponseAsync,
        "enroll: not an image" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x", Images = { Garbage } }).ResponseAsync,
        "enroll: too many pixels" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x", Images = { TestImages.Png(1, 600, 600) } }).ResponseAsync,
        "enroll: too many bytes" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x", Images = { ByteString.CopyFrom(new byte[200_000]) } }).ResponseAsync,
        "enroll: wrong embedding length" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x", Embeddings = { new Embedding { Values = { 1, 2, 3 } } } }).ResponseAsync,
        "enroll: no subject" => c.EnrollAsync(new EnrollRequest { Tenant = "t", Images = { TestImages.Png(1) } }).ResponseAsync,
        "enroll: bad tenant" => c.EnrollAsync(new EnrollRequest { Tenant = "bad tenant!", SubjectId = "x", Images = { TestImages.Png(1) } }).ResponseAsync,
        "enroll: too many examples" => c.EnrollAsync(new EnrollRequest { Tenant = "t", SubjectId = "x", Images = { Enumerable.Range(0, 9).Select(i => TestImages.Png(i)) } }).ResponseAsync,
        "identify: no query" => c.IdentifyAsync(new IdentifyRequest { Tenant = "t" }).ResponseAsync,
        "identify: empty image" => c.IdentifyAsync(new IdentifyRequest { Tenant = "t", Image = ByteString.Empty }).ResponseAsync,
        "identify: corrupt image" => c.IdentifyAsync(new IdentifyRequest { Tenant = "t", Image = Corrupt }).ResponseAsync,
        "identify: too many pixels" => c.IdentifyAsync(new IdentifyRequest { Tenant = "t", Image = TestImages.Png(1, 600, 600) }).ResponseAsync,
        "identify: wrong embedding length" => c.IdentifyAsync(new IdentifyRequest { Tenant = "t", Embedding = new Embedding { Values = { 1, 2, 3 } } }).ResponseAsync,
        "identify: another tenant" => c.IdentifyAsync(new IdentifyRequest { Tenant = "nobody", Image = TestImages.Png(100) }).ResponseAsync,
        "identify: negative top_k" => c.IdentifyAsync(new IdentifyRequest { Tenant = "t", Image = TestImages.Png(100), TopK = -1 }).ResponseAsync,
        "identify: negative threshold" => c.IdentifyAsync(new IdentifyRequest { Tenant = "t", Image = TestImages.Png(100), Threshold = -1 }).ResponseAsync,
        "verify: no reference" => c.VerifyAsync(new VerifyRequest { Tenant = "t", Image = TestImages.Png(100) }).ResponseAsync,
        "verify: empty image" => c.VerifyAsync(new VerifyRequest { Tenant = "t", OtherImage = TestImages.Png(100) }).ResponseAsync,
        "verify: corrupt other image" => c.VerifyAsync(new VerifyRequest { Tenant = "t", Image = TestImages.Png(100), OtherImage = Corrupt }).ResponseAsync,
        "verify: unknown subject" => c.VerifyAsync(new VerifyRequest { Tenant = "t", Image = TestImages.Png(100), SubjectId = "zed" }).ResponseAsync,
        "verify: another tenant" => c.VerifyAsync(new VerifyRequest { Tenant = "nobody", Image = TestImages.Png(100), SubjectId = "alice" }).ResponseAsync,
        "list: another tenant" => c.ListSubjectsAsync(new ListSubjectsRequest { Tenant = "nobody" }).ResponseAsync,
        "list: page size too large" => c.ListSubjectsAsync(new ListSubjectsRequest { Tenant = "t", PageSize = 5000 }).ResponseAsync,
        "list: bad page token" => c.ListSubjectsAsync(new ListSubjectsRequest { Tenant = "t", PageToken = "%%%not-a-token%%%" }).ResponseAsync,
        "get: unknown subject" => c.GetSubjectAsync(new GetSubjectRequest { Tenant = "t", SubjectId = "zed" }).ResponseAsync,
        "get: another tenant" => c.GetSubjectAsync(new GetSubjectRequest { Tenant = "nobody", SubjectId = "alice" }).ResponseAsync,
        "get: empty subject" => c.GetSubjectAsync(new GetSubjectRequest { Tenant = "t" }).ResponseAsync,
        "delete: unknown subject" => c.DeleteSubjectAsync(new DeleteSubjectRequest { Tenant = "t", SubjectId = "zed" }).ResponseAsync,
        "delete: another tenant" => c.DeleteSubjectAsync(new DeleteSubjectRequest { Tenant = "nobody", SubjectId = "alice" }).ResponseAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
    };
}
