using Siamese.Detect;
using Siamese.Detect.Consumers;
using Siamese.Embed;
using Siamese.Embed.Consumers;
using Siamese.Ingest;
using Siamese.Ingest.Consumers;
using Siamese.Match;
using Siamese.Match.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;
using Siamese.Web;

namespace Siamese.Standalone;

/// <summary>
/// Every service in one process: the embedder runs in-process (no embed address), match uses the embedded
/// index. The same registration code as the separate hosts.
/// </summary>
public static class StandaloneHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json sits beside the binary: found whatever folder the host is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.AddEmbedService();
        builder.AddMatchService();
        builder.AddDetectService();
        builder.AddIngestService();
        builder.AddSiameseMessaging(bus => bus.AddIngestConsumers().AddDetectConsumers().AddEmbedConsumers().AddMatchConsumers());

        var app = builder.Build();
        app.MapEmbedService();
        app.MapMatchService();
        app.MapDetectService();
        app.MapIngestService();
        app.MapSiameseWebPage();
        app.MapDefaultEndpoints();
        return app;
    }
}
