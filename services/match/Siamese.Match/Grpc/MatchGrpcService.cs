using Grpc.Core;
using Siamese.Match.Http;
using Siamese.Protos.V1;

namespace Siamese.Match.Grpc;

/// <summary>The Matcher gRPC service: each call is <see cref="MatchRequests"/>'. Errors are mapped by the interceptor.</summary>
public sealed class MatchGrpcService(MatchRequests requests) : Matcher.MatcherBase
{
    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        request.SubjectId = RouteSubjectId.Of(request.SubjectId, context);
        return requests.EnrollAsync(request, Token(context));
    }

    public override Task<IdentifyResponse> Identify(IdentifyRequest request, ServerCallContext context) =>
        requests.IdentifyAsync(request, Token(context));

    public override Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context) =>
        requests.VerifyAsync(request, Token(context));

    public override Task<ListSubjectsResponse> ListSubjects(ListSubjectsRequest request, ServerCallContext context) =>
        requests.ListSubjectsAsync(request, Token(context));

    public override Task<Subject> GetSubject(GetSubjectRequest request, ServerCallContext context)
    {
        request.SubjectId = RouteSubjectId.Of(request.SubjectId, context);
        return requests.GetSubjectAsync(request, Token(context));
    }

    public override Task<DeleteSubjectResponse> DeleteSubject(DeleteSubjectRequest request, ServerCallContext context)
    {
        request.SubjectId = RouteSubjectId.Of(request.SubjectId, context);
        return requests.DeleteSubjectAsync(request, Token(context));
    }

    public override Task<MatchModelInfo> GetModelInfo(GetMatchModelInfoRequest request, ServerCallContext context) =>
        Task.FromResult(requests.GetModelInfo());

    public override Task<ReportWrongMatchResponse> ReportWrongMatch(ReportWrongMatchRequest request, ServerCallContext context)
    {
        request.SubjectId = RouteSubjectId.Of(request.SubjectId, context);
        return requests.ReportWrongMatchAsync(request, Token(context));
    }

    public override Task<CalibrateResponse> Calibrate(CalibrateRequest request, ServerCallContext context) =>
        requests.CalibrateAsync(request, Token(context));

    public override Task<CalibrateResponse> CalibrateStream(IAsyncStreamReader<CalibrateRequest> requestStream, ServerCallContext context) =>
        requests.CalibrateStreamAsync(requestStream, Token(context));

    public override Task<Protos.V1.Calibration> GetCalibration(GetCalibrationRequest request, ServerCallContext context) =>
        requests.GetCalibrationAsync(request, Token(context));

    public override Task<Protos.V1.Calibration> DeleteCalibration(DeleteCalibrationRequest request, ServerCallContext context) =>
        requests.DeleteCalibrationAsync(request, Token(context));

    private static CancellationToken Token(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CancellationToken;
    }
}
