using System.Collections.Concurrent;
using System.Security.Cryptography;
using Grpc.Core;
using Siamese.Imaging;
using Siamese.Protos.V1;
using Siamese.Security;

namespace Siamese.Cli.Tests;

/// <summary>
/// A stand-in match service: decodes images like the real one (so bad files are rejected with the decoder's
/// message) and always names the first subject it was given.
/// </summary>
internal sealed class FakeMatcher : Matcher.MatcherBase
{
    private readonly ConcurrentDictionary<string, byte> _pictures = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Enrolled { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    /// <summary>The tenant each call acted for (from its key, as in the real service).</summary>
    public ConcurrentQueue<string> Tenants { get; } = new();

    public ConcurrentQueue<CalibrateRequest> Calibrations { get; } = new();

    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        Tenants.Enqueue(TenantAccess.Resolve(context, request.Tenant) ?? "");
        foreach (var image in request.Images)
        {
            Decode(image.Span);
        }

        Enrolled.Enqueue(request.SubjectId);
        // As the match service: the same picture of the subject enrolled again keeps its one example.
        var added = request.Images.Count(image => _pictures.TryAdd(request.SubjectId + "/" + Convert.ToHexString(SHA256.HashData(image.Span)), 0));
        return Task.FromResult(new EnrollResponse { ExampleCount = 1, AddedCount = added, ExampleIds = { Guid.NewGuid().ToString("N") } });
    }

    public override Task<IdentifyResponse> Identify(IdentifyRequest request, ServerCallContext context)
    {
        Tenants.Enqueue(TenantAccess.Resolve(context, request.Tenant) ?? "");
        Decode(request.Image.Span);
        var first = Enrolled.Order(StringComparer.Ordinal).First();
        var result = new Identification
        {
            Box = new Box { Width = 92, Height = 112 },
            Decision = Decision.Known,
            SubjectId = first,
            DisplayName = first,
            Candidates = { new Candidate { SubjectId = first, DisplayName = first, Distance = 0.25f } },
        };
        return Task.FromResult(new IdentifyResponse { Threshold = 0.5f, ModelId = "fake:1", Results = { result } });
    }

    /// <summary>A subject exists once it was enrolled and not deleted since.</summary>
    public override Task<Subject> GetSubject(GetSubjectRequest request, ServerCallContext context)
    {
        var enrolled = Enrolled.Count(s => s == request.SubjectId);
        return enrolled > Deleted.Count(s => s == request.SubjectId)
            ? Task.FromResult(new Subject { SubjectId = request.SubjectId, ExampleCount = 1 })
            : throw new RpcException(new Status(StatusCode.NotFound, $"Subject '{request.SubjectId}' not found."));
    }

    public override Task<DeleteSubjectResponse> DeleteSubject(DeleteSubjectRequest request, ServerCallContext context)
    {
        Deleted.Enqueue(request.SubjectId);
        return Task.FromResult(new DeleteSubjectResponse { RemovedExamples = 1 });
    }

    /// <summary>Counts the pairs as the service would; the threshold is always 0.4.</summary>
    public override Task<CalibrateResponse> Calibrate(CalibrateRequest request, ServerCallContext context)
    {
        Tenants.Enqueue(TenantAccess.Resolve(context, request.Tenant) ?? "");
        Calibrations.Enqueue(request);
        var perLabel = request.Images.GroupBy(i => i.Label).Select(g => (long)g.Count()).ToList();
        var n = perLabel.Sum();
        var genuine = perLabel.Sum(c => c * (c - 1) / 2);
        var calibration = new Calibration
        {
            Source = "tenant", Threshold = 0.4f, TargetFalseAcceptRate = request.TargetFalseAcceptRate, FalseAcceptRate = 0.01, TrueAcceptRate = 0.9,
            GenuinePairs = genuine, ImpostorPairs = (n * (n - 1) / 2) - genuine, Samples = (int)n, Labels = perLabel.Count,
        };
        return Task.FromResult(new CalibrateResponse { Calibration = calibration, Stored = !request.DryRun });
    }

    /// <summary>Messages of each <see cref="CalibrateStream"/> call (its merged request goes to <see cref="Calibrations"/>).</summary>
    public ConcurrentQueue<int> CalibrationMessages { get; } = new();

    /// <summary>Answer <see cref="CalibrateStream"/> as a service from before it did: UNIMPLEMENTED.</summary>
    public bool WithoutCalibrateStream { get; set; }

    /// <summary>As the service: the first message's tenant, target and dry run; the images of all messages.</summary>
    public override async Task<CalibrateResponse> CalibrateStream(IAsyncStreamReader<CalibrateRequest> requestStream, ServerCallContext context)
    {
        if (WithoutCalibrateStream)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "Method is unimplemented."));
        }

        CalibrateRequest? merged = null;
        var messages = 0;
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            merged ??= new CalibrateRequest { Tenant = message.Tenant, TargetFalseAcceptRate = message.TargetFalseAcceptRate, DryRun = message.DryRun };
            merged.Images.AddRange(message.Images);
            messages++;
        }

        CalibrationMessages.Enqueue(messages);
        return await Calibrate(merged!, context);
    }

    private static void Decode(ReadOnlySpan<byte> image)
    {
        try
        {
            ImageDecoder.DecodeGray(image);
        }
        catch (ImageDecodeException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
    }
}
