using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Detection;
using Siamese.Index;
using Siamese.Inference;
using Siamese.Match.Embeddings;
using Siamese.ServiceDefaults;

namespace Siamese.Match;

/// <summary>
/// At start: waits for the model (the embed service may start later than match), loads the detectors its
/// crop rule calls for, then opens the index of that model's vector space. Readiness follows.
/// </summary>
public sealed class MatchInitializer(
    IServiceProvider services, IEmbeddingClient embeddings, CropPlanner planner, MatchState state, IOptions<MatchOptions> options,
    ILogger<MatchInitializer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            state.SetModel(await WaitForModelAsync(stoppingToken).ConfigureAwait(false));
            // Loads the detectors the model's crops call for now, so a missing YuNet model fails the start, not the first call.
            planner.Prepare(CropTarget.Of(state.Model.Metadata), []);

            var index = services.GetRequiredService<IVectorIndex>();
            await index.InitializeAsync(stoppingToken).ConfigureAwait(false);
            state.SetIndex(index);

            // The gallery-size gauge starts from what the index holds, not from zero (the default tenant; others as they are served).
            var tenant = options.Value.DefaultTenant;
            services.GetRequiredService<MatchMetrics>().SetExamples(tenant, await index.CountAsync(tenant, stoppingToken).ConfigureAwait(false));
            var m = state.Model.Metadata;
            MatchLog.Ready(logger, m.ModelId, m.EmbeddingDimension, m.Threshold, options.Value.Index);
            if (!(m.Threshold > 0))
            {
                MatchLog.ThresholdAcceptsNoOne(logger, m.ModelId, m.Threshold);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            state.Fail(new ServiceNotReadyException("The match service is shutting down."));
        }
        catch (Exception ex)
        {
            MatchLog.StartFailed(logger, ex);
            state.Fail(ex);

            // The host stops; a failure exit code lets an orchestrator or a script see that it did not start.
            Environment.ExitCode = 1;
            throw;
        }
    }

    private async Task<EmbedderModel> WaitForModelAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await embeddings.GetModelAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } or ServiceNotReadyException or HttpRequestException)
            {
                MatchLog.WaitingForModel(logger, ex.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
