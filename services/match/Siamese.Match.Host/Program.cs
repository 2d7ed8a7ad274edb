using Siamese.Match;
using Siamese.Match.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;
using Siamese.Web;

var arguments = new HostArguments(
    "Siamese.Match.Host",
    "Siamese match: enrols and identifies over gRPC and HTTP (minimum-distance search in the index), matches the frames' embeddings from RabbitMQ, serves the web page.",
    [HostArguments.Model, HostArguments.YuNet, HostArguments.Provider, HostArguments.DataDirectory, .. HostArguments.SecurityOptions]);

return await ServiceRunner.RunServiceAsync(args, arguments, configuration =>
{
    var builder = ServiceHost.CreateBuilder(configuration);
    builder.AddServiceDefaults();
    builder.AddMatchService();
    builder.AddSiameseMessaging(bus => bus.AddMatchConsumers());

    var app = builder.Build();
    app.ValidateSettings();
    app.MapMatchService();
    app.MapSiameseWebPage();
    app.MapDefaultEndpoints();
    return app;
});
