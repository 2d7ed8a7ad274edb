using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Siamese.Detection;
using Siamese.Inference;
using Siamese.Imaging;
using Siamese.Match.Crops;
using Siamese.Protos.V1;

namespace Siamese.Match.Grpc;

/// <summary>The Matcher gRPC service: request → <see cref="IdentificationService"/> → reply. Errors are mapped by the interceptor.</summary>
public sealed class MatchGrpcService(IdentificationService service, CropFinder cropFinder, IOptions<MatchOptions> options) : Matcher.MatcherBase
{
    public override async Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var total = request.Images.Count + request.Embeddings.Count;
        if (total > options.Value.MaxExamplesPerEnroll)
        {
            throw new ServiceDefaults.LimitExceededException($"The enrolment has {total} examples; at most {options.Value.MaxExamplesPerEnroll} are allowed per call.");
        }

        var crops = new List<GrayImage>(request.Images.Count);
        var budget = cropFinder.NewBudget();
        for (var i = 0; i < request.Images.Count; i++)
        {
            crops.Add((await FindAsync(request.Images[i], $"image {i}", budget, ct).ConfigureAwait(false))[0].Crop);
        }

        var vectors = request.Embeddings.Select(e => e.Values.ToArray()).ToList();
        var result = await service.EnrollAsync(request.Tenant, request.SubjectId, request.DisplayName, crops, vectors, ct).ConfigureAwait(false);
        var response = new EnrollResponse { ExampleCount = result.ExampleCount };
        response.ExampleIds.AddRange(result.ExampleIds.Select(id => id.ToString()));
        return response;
    }

    public override async Task<IdentifyResponse> Identify(IdentifyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        float? threshold = request.HasThreshold ? request.Threshold : null;
        var results = request.QueryCase switch
        {
            IdentifyRequest.QueryOneofCase.Image => await service.IdentifyAsync(request.Tenant,
                [.. (await FindAsync(request.Image, "image", cropFinder.NewBudget(), ct).ConfigureAwait(false)).Select(c => (c.Box, c.Crop))],
                request.TopK, threshold, ct).ConfigureAwait(false),
            IdentifyRequest.QueryOneofCase.Embedding => await service.IdentifyEmbeddingsAsync(request.Tenant,
                [request.Embedding.Values.ToArray()], request.TopK, threshold, ct).ConfigureAwait(false),
            _ => throw new ArgumentException("The request has no query: set 'image' (encoded bytes) or 'embedding'."),
        };

        var response = new IdentifyResponse
        {
            Threshold = results.Count > 0 ? results[0].Threshold : threshold ?? service.Model.Metadata.Threshold,
            ModelId = service.Model.Metadata.ModelId,
        };
        response.Results.AddRange(results.Select(r => r.ToProto()));
        return response;
    }

    public override async Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        float? threshold = request.HasThreshold ? request.Threshold : null;
        var budget = cropFinder.NewBudget();
        var first = (await FindAsync(request.Image, "image", budget, ct).ConfigureAwait(false))[0].Crop;
        var result = request.ReferenceCase switch
        {
            VerifyRequest.ReferenceOneofCase.OtherImage => await service.VerifyAsync(
                first, (await FindAsync(request.OtherImage, "other_image", budget, ct).ConfigureAwait(false))[0].Crop, threshold, ct).ConfigureAwait(false),
            VerifyRequest.ReferenceOneofCase.SubjectId => await service.VerifySubjectAsync(
                request.Tenant, first, request.SubjectId, threshold, ct).ConfigureAwait(false),
            _ => throw new ArgumentException("The request has no reference: set 'other_image' or 'subject_id'."),
        };
        return new VerifyResponse { Distance = result.Distance, Same = result.Same, Threshold = result.Threshold };
    }

    public override async Task<ListSubjectsResponse> ListSubjects(ListSubjectsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var page = await service.ListSubjectsAsync(request.Tenant, request.PageSize, request.PageToken, context.CancellationToken).ConfigureAwait(false);
        var response = new ListSubjectsResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Subjects.AddRange(page.Subjects.Select(s => s.ToProto()));
        return response;
    }

    public override async Task<Subject> GetSubject(GetSubjectRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var subject = await service.GetSubjectAsync(request.Tenant, request.SubjectId, context.CancellationToken).ConfigureAwait(false);
        return subject.ToProto();
    }

    public override async Task<DeleteSubjectResponse> DeleteSubject(DeleteSubjectRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var removed = await service.DeleteSubjectAsync(request.Tenant, request.SubjectId, context.CancellationToken).ConfigureAwait(false);
        return new DeleteSubjectResponse { RemovedExamples = removed };
    }

    public override Task<MatchModelInfo> GetModelInfo(GetMatchModelInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new MatchModelInfo { Model = service.Model.ToModelInfo(), Index = options.Value.Index.ToString() });

    /// <summary>The crops of an image of the request; errors name the field.</summary>
    private async Task<IReadOnlyList<PlannedCrop>> FindAsync(ByteString image, string what, PixelBudget budget, CancellationToken ct)
    {
        try
        {
            return await cropFinder.FindAsync(image.Memory, budget, ct).ConfigureAwait(false);
        }
        catch (ImageDecodeException ex)
        {
            throw new ImageDecodeException(ex.Error, $"{what}: {ex.Message}", ex);
        }
        catch (NoFaceFoundException ex)
        {
            throw new NoFaceFoundException($"{what}: {ex.Message}", ex);
        }
    }
}
