using Siamese.Embed;
using Siamese.Embed.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

return await ServiceRunner.RunServiceAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddEmbedService();
    builder.AddSiameseMessaging(bus => bus.AddEmbedConsumers());

    var app = builder.Build();
    app.MapEmbedService();
    app.MapDefaultEndpoints();
    return app;
});
