using Siamese.Embed;
using Siamese.Embed.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

var arguments = new HostArguments(
    "Siamese.Embed.Host",
    "Siamese embed: runs the exported tower (ONNX Runtime) on the crops from RabbitMQ and over gRPC, batching them.",
    [HostArguments.Model, HostArguments.Provider, .. HostArguments.SecurityOptions]);

return await ServiceRunner.RunServiceAsync(args, arguments, configuration =>
{
    var builder = ServiceHost.CreateBuilder(configuration);
    builder.AddServiceDefaults();
    builder.AddEmbedService();
    builder.AddSiameseMessaging(bus => bus.AddEmbedConsumers());

    var app = builder.Build();
    app.ValidateSettings();
    app.MapEmbedService();
    app.MapDefaultEndpoints();
    return app;
});
