using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Match.Calibration;
using Siamese.Model;
using Siamese.Match.Crops;
using Siamese.Protos.V1;

namespace Siamese.Match.Grpc;

/// <summary>
/// The Matcher's requests: wire request → <see cref="IdentificationService"/> → wire reply. Shared by the gRPC service
/// (and its JSON transcoding) and the HTTP photo endpoints, so every way in gives the same answer. Domain exceptions
/// pass through; each transport maps them in one place.
/// </summary>
public sealed class MatchRequests(
    IdentificationService service, CalibrationService calibration, CropFinder cropFinder, IOptions<MatchOptions> options)
{
    public async Task<EnrollResponse> EnrollAsync(EnrollRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = request.Images.Count + request.Embeddings.Count;
        if (total > options.Value.MaxExamplesPerEnroll)
        {
            throw new ServiceDefaults.LimitExceededException($"The enrolment has {total} examples; at most {options.Value.MaxExamplesPerEnroll} are allowed per call.");
        }

        var crops = new List<ModelCrop>(request.Images.Count);
        var budget = cropFinder.NewBudget();
        for (var i = 0; i < request.Images.Count; i++)
        {
            crops.Add(await FirstCropAsync(request.Images[i], $"image {i}", budget, ct).ConfigureAwait(false));
        }

        var vectors = request.Embeddings.Select(e => e.Values.ToArray()).ToList();
        var result = await service.EnrollAsync(request.Tenant, request.SubjectId, request.DisplayName, crops, vectors, ct).ConfigureAwait(false);
        var response = new EnrollResponse { ExampleCount = result.ExampleCount, AddedCount = result.AddedCount };
        response.ExampleIds.AddRange(result.ExampleIds.Select(id => id.ToString()));
        return response;
    }

    public async Task<IdentifyResponse> IdentifyAsync(IdentifyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        float? threshold = request.HasThreshold ? request.Threshold : null;
        var results = request.QueryCase switch
        {
            IdentifyRequest.QueryOneofCase.Image => await service.IdentifyAsync(request.Tenant,
                [.. (await FindAsync(request.Image, "image", cropFinder.NewBudget(), ct).ConfigureAwait(false)).Select(c => (c.Box, c.ToModelCrop()))],
                request.TopK, threshold, ct).ConfigureAwait(false),
            IdentifyRequest.QueryOneofCase.Embedding => await service.IdentifyEmbeddingsAsync(request.Tenant,
                [request.Embedding.Values.ToArray()], request.TopK, threshold, ct).ConfigureAwait(false),
            _ => throw new ArgumentException("The request has no query: set 'image' (encoded bytes) or 'embedding'."),
        };

        var response = new IdentifyResponse
        {
            Threshold = results.Count > 0 ? results[0].Threshold : threshold ?? service.Model.Metadata.Threshold,
            ModelId = service.Model.Metadata.ModelId,
            ThresholdSource = ProtoMapping.Name(results.Count > 0 ? results[0].ThresholdSource : ThresholdSource.Model),
        };
        response.Results.AddRange(results.Select(r => r.ToProto()));
        return response;
    }

    public async Task<VerifyResponse> VerifyAsync(VerifyRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        float? threshold = request.HasThreshold ? request.Threshold : null;
        var budget = cropFinder.NewBudget();
        var first = await FirstCropAsync(request.Image, "image", budget, ct).ConfigureAwait(false);
        var result = request.ReferenceCase switch
        {
            VerifyRequest.ReferenceOneofCase.OtherImage => await service.VerifyAsync(
                request.Tenant, first, await FirstCropAsync(request.OtherImage, "other_image", budget, ct).ConfigureAwait(false), threshold, ct).ConfigureAwait(false),
            VerifyRequest.ReferenceOneofCase.SubjectId => await service.VerifySubjectAsync(
                request.Tenant, first, request.SubjectId, threshold, ct).ConfigureAwait(false),
            _ => throw new ArgumentException("The request has no reference: set 'other_image' or 'subject_id'."),
        };
        return new VerifyResponse { Distance = result.Distance, Same = result.Same, Threshold = result.Threshold };
    }

    public async Task<ListSubjectsResponse> ListSubjectsAsync(ListSubjectsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = await service.ListSubjectsAsync(request.Tenant, request.PageSize, request.PageToken, ct).ConfigureAwait(false);
        var response = new ListSubjectsResponse { NextPageToken = page.NextPageToken ?? "" };
        response.Subjects.AddRange(page.Subjects.Select(s => s.ToProto()));
        return response;
    }

    public async Task<Subject> GetSubjectAsync(GetSubjectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = await service.GetSubjectAsync(request.Tenant, request.SubjectId, ct).ConfigureAwait(false);
        return subject.ToProto();
    }

    public async Task<DeleteSubjectResponse> DeleteSubjectAsync(DeleteSubjectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var removed = await service.DeleteSubjectAsync(request.Tenant, request.SubjectId, ct).ConfigureAwait(false);
        return new DeleteSubjectResponse { RemovedExamples = removed };
    }

    public MatchModelInfo GetModelInfo() => new() { Model = service.Model.ToModelInfo(), Index = options.Value.Index.ToString() };

    public async Task<ReportWrongMatchResponse> ReportWrongMatchAsync(ReportWrongMatchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = request.ProbeCase switch
        {
            ReportWrongMatchRequest.ProbeOneofCase.Image => await service.ReportWrongMatchAsync(
                request.Tenant, request.SubjectId, await FirstCropAsync(request.Image, "image", cropFinder.NewBudget(), ct).ConfigureAwait(false), null, ct).ConfigureAwait(false),
            ReportWrongMatchRequest.ProbeOneofCase.Embedding => await service.ReportWrongMatchAsync(
                request.Tenant, request.SubjectId, null, request.Embedding.Values.ToArray(), ct).ConfigureAwait(false),
            _ => throw new ArgumentException("The report has no probe: set 'image' (encoded bytes) or 'embedding'."),
        };
        return new ReportWrongMatchResponse { NegativeId = result.NegativeId.ToString(), NegativeCount = result.NegativeCount, Distance = result.Distance };
    }

    public async Task<CalibrateResponse> CalibrateAsync(CalibrateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckCalibration(request);
        var samples = new CalibrationSamples();
        await AddCalibrationMessageAsync(request, samples, null, ct).ConfigureAwait(false);
        return await FinishCalibrationAsync(request.Tenant, request.TargetFalseAcceptRate, request.DryRun, samples, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A calibration sent over several messages (<c>CalibrateStream</c>): each message's images are cut and embedded as it
    /// arrives, so only embeddings are held; the first message's tenant, target and dry run apply, and a later message
    /// that names others is refused. Images are numbered over the whole stream in errors and skips.
    /// </summary>
    public async Task<CalibrateResponse> CalibrateStreamAsync(IAsyncStreamReader<CalibrateRequest> requests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(requests);
        CalibrateRequest? first = null;
        var samples = new CalibrationSamples();
        var message = 0;
        while (await requests.MoveNext(ct).ConfigureAwait(false))
        {
            var request = requests.Current;
            if (first is null)
            {
                first = request;
                CheckCalibration(first);
            }

            if (request.Tenant.Length > 0 && request.Tenant != first.Tenant)
            {
                throw new ArgumentException($"message {message} names tenant '{request.Tenant}' where the first named '{first.Tenant}': one stream calibrates one tenant.");
            }

            if ((request.TargetFalseAcceptRate != 0 && request.TargetFalseAcceptRate != first.TargetFalseAcceptRate) || (request.DryRun && !first.DryRun))
            {
                throw new ArgumentException($"message {message} asks for another target or dry run than the first: the first message's apply to the stream; later ones repeat them or leave them unset.");
            }

            await AddCalibrationMessageAsync(request, samples, null, ct).ConfigureAwait(false);
            message++;
        }

        return first is null
            ? throw new ArgumentException("The calibration stream held no message: send at least one CalibrateRequest.")
            : await FinishCalibrationAsync(first.Tenant, first.TargetFalseAcceptRate, first.DryRun, samples, ct).ConfigureAwait(false);
    }

    // What can be checked before any picture is cut and embedded: the tenant and the target (0: the model's).
    private void CheckCalibration(CalibrateRequest request)
    {
        _ = Identifiers.Tenant(request.Tenant, options.Value.DefaultTenant);
        if (request.TargetFalseAcceptRate != 0)
        {
            ThresholdCalibrator.CheckTarget(request.TargetFalseAcceptRate);
        }
    }

    /// <summary>
    /// Computes the threshold from what a calibration's messages gave (<see cref="AddCalibrationMessageAsync"/>) and
    /// stores it unless <paramref name="dryRun"/>: the end of every way to calibrate (one call, a stream, a form).
    /// </summary>
    public async Task<CalibrateResponse> FinishCalibrationAsync(string tenant, double targetFalseAcceptRate, bool dryRun, CalibrationSamples samples, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var result = await calibration.CalibrateSamplesAsync(tenant, samples.Embedded, targetFalseAcceptRate, dryRun, ct).ConfigureAwait(false);
        return new CalibrateResponse { Stored = !dryRun, Calibration = result.ToProto(), Skipped = { samples.Skipped } };
    }

    /// <summary>
    /// Cuts and embeds one calibration message's images and checks its embeddings, adding them to
    /// <paramref name="samples"/>. Images and embeddings are numbered from the counts of the messages before, so
    /// an error or a skip names the same picture in a call of one message as in a stream of many. A picture in
    /// which nothing is found is skipped (one picture without a face should not void a calibration of hundreds) and
    /// reported; every other fault refuses the calibration. <paramref name="fileNames"/>, where the pictures came as
    /// files: the name of each of the message's images, which errors and skips give beside its number.
    /// </summary>
    public async Task AddCalibrationMessageAsync(CalibrateRequest request, CalibrationSamples samples, IReadOnlyList<string>? fileNames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(samples);
        ThresholdCalibrator.CheckSampleCount(samples.Embedded.Count + request.Images.Count + request.Embeddings.Count);
        var crops = new List<(string Label, ModelCrop Crop)>(request.Images.Count);
        var budget = cropFinder.NewBudget();
        for (var i = 0; i < request.Images.Count; i++)
        {
            var image = request.Images[i];
            var number = fileNames is null ? $"image {samples.Images}" : $"image {samples.Images} ('{fileNames[i]}')";
            var label = CalibrationService.ValidLabel(image.Label, number);
            try
            {
                crops.Add((label, await FirstCropAsync(image.Image, $"{number} (label {label})", budget, ct).ConfigureAwait(false)));
            }
            catch (NoFaceFoundException ex)
            {
                samples.Skipped.Add(ex.Message); // FindAsync's message names the picture already
            }

            samples.Images++;
        }

        samples.Embedded.AddRange(await calibration.EmbedAsync(crops, ct).ConfigureAwait(false));
        foreach (var embedding in request.Embeddings)
        {
            var what = $"embedding {samples.Embeddings}";
            samples.Embedded.Add((CalibrationService.ValidLabel(embedding.Label, what), calibration.ValidVector(embedding.Embedding?.Values.ToArray(), what)));
            samples.Embeddings++;
        }
    }

    public async Task<Protos.V1.Calibration> GetCalibrationAsync(GetCalibrationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await calibration.GetAsync(request.Tenant, ct).ConfigureAwait(false)).ToProto();
    }

    public async Task<Protos.V1.Calibration> DeleteCalibrationAsync(DeleteCalibrationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await calibration.DeleteAsync(request.Tenant, ct).ConfigureAwait(false)).ToProto();
    }

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

    private async Task<ModelCrop> FirstCropAsync(ByteString image, string what, PixelBudget budget, CancellationToken ct) =>
        (await FindAsync(image, what, budget, ct).ConfigureAwait(false))[0].ToModelCrop();
}
