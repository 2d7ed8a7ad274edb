using Grpc.Core;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary>
/// Enrols images one request per file: a bad file fails alone, with its own reason, and the others still go in.
/// A failure that every file would hit (service unreachable) stops the run instead.
/// </summary>
internal static class BulkEnroller
{
    /// <summary>
    /// Enrols each image under its label; returns how many went in, how many of those were new to the service (an image
    /// enrolled before keeps its one example), and the labels that got at least one.
    /// </summary>
    public static async Task<(int Enrolled, int Added, IReadOnlySet<string> Subjects)> EnrollAsync(
        MatcherConnection connection, string tenant, IReadOnlyList<LabeledImage> images, int parallel, FailureLog failures, CancellationToken cancellationToken)
    {
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        var enrolled = 0;
        var added = 0;
        var progress = new ProgressLine("enrolled", images.Count);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = abort.Token };
        try
        {
            await Parallel.ForEachAsync(images, options, async (image, token) =>
            {
                try
                {
                    var request = new EnrollRequest { Tenant = tenant, SubjectId = image.Label, DisplayName = image.Label };
                    request.Images.Add(ImageFile.Read(image.Path));
                    var reply = await connection.Client.EnrollAsync(request, deadline: MatcherConnection.Deadline, cancellationToken: token);
                    Interlocked.Increment(ref enrolled);
                    // A service older than added_count does not say: count the image as new, as it was counted before.
                    Interlocked.Add(ref added, reply.HasAddedCount ? reply.AddedCount : request.Images.Count);
                    lock (subjects)
                    {
                        subjects.Add(image.Label);
                    }

                    progress.Succeeded();
                }
                catch (RpcException ex) when (RpcErrors.IsFatal(ex))
                {
                    failures.SetFatal(RpcErrors.DescribeFatal(ex, connection));
                    await abort.CancelAsync();
                }
                catch (RpcException ex)
                {
                    failures.Add(image.Path, RpcErrors.Describe(ex));
                    progress.Failed();
                }
                catch (Exception ex) when (ImageFile.IsFileProblem(ex))
                {
                    failures.Add(image.Path, ex.Message);
                    progress.Failed();
                }
            });
        }
        catch (OperationCanceledException) when (failures.Fatal is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose; the fatal reason is reported by the caller.
        }
        finally
        {
            progress.Finish();
        }

        return (enrolled, added, subjects);
    }
}
