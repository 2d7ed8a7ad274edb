using Siamese.Detect;
using Siamese.Detect.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

return await ServiceRunner.RunServiceAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults();
    builder.AddDetectService();
    builder.AddSiameseMessaging(bus => bus.AddDetectConsumers());

    var app = builder.Build();
    app.MapDefaultEndpoints();
    app.MapDetectService();
    return app;
});
