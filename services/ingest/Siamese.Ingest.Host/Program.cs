using Siamese.Ingest;
using Siamese.Ingest.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;
using Siamese.Web;

var arguments = new HostArguments(
    "Siamese.Ingest.Host",
    "Siamese ingest: takes camera frames over HTTP (POST /v1/frames) and passes them to detect over RabbitMQ; serves their results and the web page's Camera tab.",
    [.. HostArguments.SecurityOptions]);

return await ServiceRunner.RunServiceAsync(args, arguments, configuration =>
{
    var builder = ServiceHost.CreateBuilder(configuration);
    builder.AddServiceDefaults();
    builder.AddIngestService();
    builder.AddSiameseMessaging(bus => bus.AddIngestConsumers());

    var app = builder.Build();
    app.ValidateSettings();
    app.MapDefaultEndpoints();
    app.MapIngestService();
    app.MapSiameseWebPage();
    return app;
});
