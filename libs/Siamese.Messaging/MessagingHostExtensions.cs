using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Siamese.Contracts;

namespace Siamese.Messaging;

/// <summary>Sets up the bus once per host: transport by configuration, retries, error queues, topology.</summary>
public static class MessagingHostExtensions
{
    /// <summary>
    /// Adds MassTransit with the consumers that <paramref name="consumers"/> registers (call once per host; the
    /// standalone host passes all four services' consumers). Transport, retries and prefetch come from
    /// <see cref="MessagingOptions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSiameseMessaging(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> consumers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(consumers);
        builder.Services.AddOptions<MessagingOptions>()
            .Bind(builder.Configuration.GetSection(MessagingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();

        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Readiness then means "connected": a host never accepts work it cannot pass on.
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<MessagingMetrics>();
        builder.Services.AddConsumeObserver<QueueWaitObserver>();
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ reports usage to its vendor over HTTPS unless told not to: a camera site or cluster
            // without internet logs the failed call, and nobody installing Siamese agreed to it.
            // MASSTRANSIT_USAGE_TELEMETRY=true turns it back on.
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            consumers(bus);
            if (options.Transport == MessagingTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var o = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                    cfg.Host(o.RabbitMqUri, h =>
                    {
                        // Publish returns only once the broker has the message (the 202 of ingest depends on it).
                        h.PublisherConfirmation = true;
                        h.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                    });
                    cfg.PrefetchCount = o.PrefetchCount;
                    if (!o.PersistentMessages)
                    {
                        // Every message a host publishes (the pipeline's events, faults) goes as delivery mode 1.
                        cfg.ConfigurePublish(p => p.UseExecute(message => message.Durable = false));
                        cfg.ConfigureSend(p => p.UseExecute(message => message.Durable = false));
                    }
                    BindPipelineQueues(cfg);
                    Configure(context, cfg, o);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    var o = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                    Configure(context, cfg, o);
                });
            }
        });
        return builder;
    }

    private static void Configure<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg, MessagingOptions o)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        if (o.RetryLimit > 0)
        {
            cfg.UseMessageRetry(r => r.Exponential(
                o.RetryLimit, o.RetryMinInterval, o.RetryMaxInterval, TimeSpan.FromTicks(Math.Max(1, o.RetryMinInterval.Ticks / 2))));
        }

        cfg.ConfigureEndpoints(context);
    }

    private static void BindPipelineQueues(IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.Publish<FrameReceived>(p => p.BindQueue(QueueNames.Detect, QueueNames.Detect));
        cfg.Publish<CropsDetected>(p => p.BindQueue(QueueNames.Embed, QueueNames.Embed));
        cfg.Publish<EmbeddingsComputed>(p => p.BindQueue(QueueNames.Match, QueueNames.Match));
        cfg.Publish<FrameIdentified>(p => p.BindQueue(QueueNames.Ingest, QueueNames.Ingest));
        cfg.Publish<FrameFailed>(p => p.BindQueue(QueueNames.Ingest, QueueNames.Ingest));
    }
}
