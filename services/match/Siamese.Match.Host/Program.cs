using Siamese.Match;
using Siamese.Match.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;
using Siamese.Web;

return await ServiceRunner.RunServiceAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddMatchService();
    builder.AddSiameseMessaging(bus => bus.AddMatchConsumers());

    var app = builder.Build();
    app.MapMatchService();
    app.MapSiameseWebPage();
    app.MapDefaultEndpoints();
    return app;
});
