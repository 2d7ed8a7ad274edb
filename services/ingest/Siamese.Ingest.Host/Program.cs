using Siamese.Ingest;
using Siamese.Ingest.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;
using Siamese.Web;

return await ServiceRunner.RunServiceAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddIngestService();
    builder.AddSiameseMessaging(bus => bus.AddIngestConsumers());

    var app = builder.Build();
    app.MapDefaultEndpoints();
    app.MapIngestService();
    app.MapSiameseWebPage();
    return app;
});
